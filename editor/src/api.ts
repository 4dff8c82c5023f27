// The browser's tRPC client. The session cookie is http-only, so the browser sends it itself.
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../api/router.js';
import { getLocale } from './i18n.js';
import { readableServerError } from './server-errors.js';

export const api = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: httpBatchLink({ url: '/trpc' }),
    }),
  ],
});

/** The server's own words (English, fields named): for code that routes lines to form fields. */
export function rawErrorMessage(e: unknown): string {
  if (e instanceof TRPCClientError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** What to show a person: in the language they chose, without bare field names. */
export function errorMessage(e: unknown): string {
  return readableServerError(rawErrorMessage(e), getLocale());
}
