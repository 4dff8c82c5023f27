// The Cloud API bench's contacts, numbered: the same number on both sides of the IPC.
export const waIdOf = (c: number) => `5511${String(900000000 + c)}`;
