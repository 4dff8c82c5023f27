// The chat page's calls to its account's visitor API (same origin: the page is Ozia's).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
  }
}

/** JSON in and out; a File goes as the raw body with its type. GET when there is no body. */
export async function api(publicId: string, token: string | null, path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const isFile = typeof File !== 'undefined' && body instanceof File;
  if (body !== undefined) headers['content-type'] = isFile ? (body as File).type || 'application/octet-stream' : 'application/json';
  const res = await fetch(`/api/webchat/${encodeURIComponent(publicId)}/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : isFile ? (body as File) : JSON.stringify(body),
  });
  const data = (await res.json().catch(() => null)) as { error?: string } | null;
  if (!res.ok) throw new ApiError(res.status, data?.error ?? `HTTP ${res.status}`, Number(res.headers.get('retry-after')) || null);
  return data;
}
