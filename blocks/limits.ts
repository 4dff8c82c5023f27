// Sizes the server refuses beyond, stated once for the server and the editor alike.

/** An uploaded file (WhatsApp's limit for media other than documents). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** A flow document as JSON, however it arrives: saved draft, import (object or text), validation. */
export const MAX_FLOW_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** Whole megabytes, for messages: "larger than 16 MB". */
export const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
