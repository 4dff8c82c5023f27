// The ChannelStateStore contract in memory, for tests of what channels keep (the database one is
// `channelStateStore`); `writes` counts set() calls.
import type { ChannelStateStore } from '../contract.js';

export function memoryState(): ChannelStateStore & { writes: number } {
  const rows = new Map<string, string>();
  const key = (type: string, id: string) => `${type}\u0000${id}`;
  const s = {
    writes: 0,
    async get(type: string, ids: string[]) {
      const out: Record<string, string> = {};
      for (const id of ids) {
        const v = rows.get(key(type, id));
        if (v !== undefined) out[id] = v;
      }
      return out;
    },
    async list(type: string) {
      const out: Record<string, string> = {};
      for (const [k, v] of rows) if (k.startsWith(key(type, ''))) out[k.slice(type.length + 1)] = v;
      return out;
    },
    async set(data: Record<string, Record<string, string | null>>) {
      s.writes++;
      for (const [type, values] of Object.entries(data))
        for (const [id, v] of Object.entries(values)) {
          if (v === null) rows.delete(key(type, id));
          else rows.set(key(type, id), v);
        }
    },
    async clear() {
      rows.clear();
    },
  };
  return s;
}
