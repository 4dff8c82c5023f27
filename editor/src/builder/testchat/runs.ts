// The run a test chat panel had open, per flow, so that closing and reopening the panel rejoins
// it instead of starting another contact. The panel's whole state is kept for this page's
// lifetime (the log lines the server does not store included); the session id is kept for the
// tab, so a reload can still rejoin from the server's transcript.
const kept = new Map<string, unknown>();
const KEY = 'ozia.testchat.run:';

export function rememberRun<S extends { sessionId: string | null }>(flowId: string, state: S): void {
  if (!state.sessionId) return;
  kept.set(flowId, state);
  try {
    sessionStorage.setItem(KEY + flowId, state.sessionId);
  } catch {
    // storage refused (private mode): the page's memory still serves
  }
}

/** The run kept for the flow: its state when this page held it, else only its session id. */
export function keptRun<S>(flowId: string): { sessionId: string; state: S | null } | null {
  const state = kept.get(flowId) as (S & { sessionId: string }) | undefined;
  if (state) return { sessionId: state.sessionId, state };
  let id: string | null = null;
  try {
    id = sessionStorage.getItem(KEY + flowId);
  } catch {
    id = null;
  }
  return id ? { sessionId: id, state: null } : null;
}

export function forgetRun(flowId: string): void {
  kept.delete(flowId);
  try {
    sessionStorage.removeItem(KEY + flowId);
  } catch {
    // nothing kept
  }
}
