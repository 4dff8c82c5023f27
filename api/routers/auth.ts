import { z } from 'zod';
import { LoginThrottled, sessionCookie } from '../auth.js';
import { authedProcedure, publicProcedure, router } from '../trpc.js';

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ email: z.string().trim().min(1, 'type your email'), password: z.string().min(1, 'type your password') }))
    .mutation(async ({ ctx, input }) => {
      const { token, user } = await ctx.app.auth.login(input.email, input.password, ctx.address).catch((e: unknown) => {
        if (e instanceof LoginThrottled) ctx.setHeader('Retry-After', String(e.retryAfterSeconds));
        throw e;
      });
      ctx.setCookie(sessionCookie(token, ctx.secure));
      // Logging in makes an offline agent available; an agent who chose "away" stays away.
      const me = await ctx.app.users.get(user.id);
      if (me.status === 'offline') await ctx.app.users.setStatus(user.id, 'online');
      return user;
    }),
  logout: publicProcedure.mutation(async ({ ctx }) => {
    await ctx.app.auth.logout(ctx.token);
    if (ctx.user) await ctx.app.users.afterLogout(ctx.user.id);
    ctx.setCookie(sessionCookie('', ctx.secure, 0));
    return { ok: true as const };
  }),
  me: publicProcedure.query(({ ctx }) => ctx.user),
  whoami: authedProcedure.query(({ ctx }) => ctx.user),
});
