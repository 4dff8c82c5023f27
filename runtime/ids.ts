// Row ids. Time-ordered (UUIDv7): rows created together sit together in every index keyed by
// them, so a commit touches a few pages instead of one random page per row.
import { v7 } from 'uuid';

export const newId = (): string => v7();
