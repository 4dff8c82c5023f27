// Meta's reply windows: free-form messages only within 24 hours of the person's last message to
// the business (WhatsApp Cloud API; Messenger and Instagram keep the same clock). Outside it the
// Cloud API takes only approved templates, and Meta refuses anything else with error 131047.
export const REPLY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Meta's "Re-engagement message" error: free-form sent outside the window. */
export const OUTSIDE_WINDOW_CODE = 131047;

/** Whether a free-form message may go now; a person who never wrote is outside it. */
export function insideReplyWindow(lastInboundAt: string | null, now: Date): boolean {
  if (!lastInboundAt) return false;
  const at = Date.parse(lastInboundAt);
  return Number.isFinite(at) && now.getTime() - at < REPLY_WINDOW_MS;
}
