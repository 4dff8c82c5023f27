// Flow authors write regular expressions, and contacts supply the text they run on (the
// pattern itself may even come from a variable). JavaScript's backtracking engine can take
// exponential time on patterns like (a+)+$, so one crafted answer could stall the whole server.
// RE2 matches in time linear in the input; it has no lookarounds or backreferences, and a
// pattern that uses them is reported as invalid, like any pattern that does not compile.
import { RE2JS } from 're2js';

export interface SafePattern {
  /** Somewhere in the text. */
  test(text: string): boolean;
  /** The whole text, like an HTML `pattern` attribute. */
  testWhole(text: string): boolean;
}

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };
/** Flags that change nothing for a yes/no match (RE2 is always Unicode-aware). */
const HARMLESS = new Set(['g', 'u', 'y', 'd', 'v']);

/** What a schema says of a pattern RE2 cannot run. */
export const INVALID_PATTERN = 'this is not a valid regular expression (lookarounds and backreferences are not supported)';

const cache = new Map<string, SafePattern | null>();
const CACHE_SIZE = 500;

/** A compiled pattern, or null when it is not valid (in RE2 syntax, or an unknown flag). */
export function compileSafePattern(source: string, flags = ''): SafePattern | null {
  const key = `${flags}/${source}`;
  if (cache.has(key)) return cache.get(key)!;
  const compiled = compile(source, flags);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

function compile(source: string, flags: string): SafePattern | null {
  let bits = 0;
  for (const f of flags) {
    if (f in FLAGS) bits |= FLAGS[f];
    else if (!HARMLESS.has(f)) return null;
  }
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
    return { test: (text) => re.test(text), testWhole: (text) => re.testExact(text) };
  } catch {
    return null;
  }
}

/** "/pattern/flags" or a bare pattern, as authors type them in conditions. */
export function compileSlashPattern(pattern: string): SafePattern | null {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  return m ? compileSafePattern(m[1], m[2]) : compileSafePattern(pattern);
}
