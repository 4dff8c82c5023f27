import { z } from 'zod';
import { sessionCookie } from '../auth.js';
import { authedProcedure, publicProcedure, router } from '../trpc.js';

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ email: z.string().trim().min(1, 'type your email'), password: z.string().min(1, 'type your password') }))
    .mutation(async ({ ctx, input }) => {
      const { token, user } = await ctx.app.auth.login(input.email, input.password, ctx.address);
      ctx.setCookie(sessionCookie(token, ctx.app.secureCookies));
      return user;
    }),
  logout: publicProcedure.mutation(async ({ ctx }) => {
    await ctx.app.auth.logout(ctx.token);
    ctx.setCookie(sessionCookie('', ctx.app.secureCookies, 0));
    return { ok: true as const };
  }),
  me: publicProcedure.query(({ ctx }) => ctx.user),
  whoami: authedProcedure.query(({ ctx }) => ctx.user),
});
