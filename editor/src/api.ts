// The browser's tRPC client. The session cookie is http-only, so the browser sends it itself.
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../api/router.js';

export const api = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: httpBatchLink({ url: '/trpc' }),
    }),
  ],
});

export function errorMessage(e: unknown): string {
  if (e instanceof TRPCClientError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
