// Media blocks that still point at the example file their defaults came with.
import { blockSchemaList } from '../../schemas.js';
import { at, blockRef, cap, msg } from '../messages.js';
import type { BlockRule, Problem } from '../problem.js';

/** Adds every http(s) string of `value` under `path\0url` (array indices dropped). */
function collectUrls(value: unknown, path: string, out: Map<string, string>) {
  if (typeof value === 'string') {
    if (/^https?:\/\//i.test(value.trim())) out.set(`${path}\u0000${value.trim()}`, value.trim());
  } else if (Array.isArray(value)) {
    for (const v of value) collectUrls(v, path, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectUrls(v, path ? `${path}.${k}` : k, out);
  }
}

/** Per kind: option paths holding a placeholder URL from the block's defaults. */
const placeholderUrls = new Map<string, Map<string, string>>();
for (const def of blockSchemaList) {
  try {
    let n = 0;
    const urls = new Map<string, string>();
    collectUrls(def.defaults(() => `default_${++n}`), '', urls);
    if (def.formerDefaults) collectUrls(def.formerDefaults(() => `default_${++n}`), '', urls);
    if (urls.size) placeholderUrls.set(def.kind, urls);
  } catch {
    // defaults that need more than an id generator: nothing to compare against
  }
}

export const placeholderMedia: BlockRule = {
  scope: 'block',
  check(info) {
    const placeholders = placeholderUrls.get(info.block.kind);
    if (!placeholders) return [];
    const ref = blockRef(info);
    const out: Problem[] = [];
    const found = new Set<string>();
    const urls = new Map<string, string>();
    collectUrls(info.block.options, '', urls);
    for (const [key, url] of urls) {
      if (!placeholders.has(key) || found.has(url)) continue;
      found.add(url);
      out.push({
        severity: 'warning',
        code: 'placeholder-media',
        message: msg(
          `${cap(ref.en)} still uses the example address ${url}: upload the real file or paste its link.`,
          `${cap(ref['pt-BR'])} ainda usa o endereço de exemplo ${url}: envie o arquivo real ou cole o link dele.`,
        ),
        ...at(info),
      });
    }
    return out;
  },
};
