// Errors the runtime raises on purpose; the API maps each code to an HTTP/tRPC status.
import type { FlowIssue } from '../blocks/flow.js';

export type ErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'TOO_MANY_REQUESTS';

export class OziaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FlowIssue[],
  ) {
    super(message);
    this.name = 'OziaError';
  }
}

export const notFound = (what: string) => new OziaError('NOT_FOUND', `${what} not found`);
