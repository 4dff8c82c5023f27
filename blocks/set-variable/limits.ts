// Expressions have no loops, so once authors cannot define (recursive) functions, the time an
// expression takes is bounded by its size and the size of the values it builds. These
// stand-ins cap those values before they are built: a matrix of at most MAX_ELEMENTS entries,
// text of at most MAX_TEXT characters, whatever the variables (and so the contact) hold.
export const MAX_ELEMENTS = 10_000;
export const MAX_TEXT = 100_000;

type Fn = (...args: unknown[]) => unknown;

interface MathLike {
  size(x: unknown): { valueOf(): number[] } | number[];
}

function tooBig(name: string): Error {
  return new Error(`${name}: the result would hold more than ${MAX_ELEMENTS} values`);
}

/** Numbers of a size argument: 3, [3, 4], or a matrix of them. */
function dims(x: unknown): number[] {
  if (typeof x === 'number') return [x];
  if (Array.isArray(x)) return x.flatMap(dims);
  if (x && typeof x === 'object' && typeof (x as { toArray?: unknown }).toArray === 'function') return dims((x as { toArray(): unknown }).toArray());
  if (x && typeof x === 'object' && typeof (x as { toNumber?: unknown }).toNumber === 'function') return [(x as { toNumber(): number }).toNumber()];
  return [];
}

const product = (ns: number[]) => ns.reduce((a, b) => a * Math.max(0, Math.abs(b)), 1);

function elements(math: MathLike, x: unknown): number {
  if (typeof x === 'string') return x.length;
  if (Array.isArray(x) || (x && typeof x === 'object' && 'toArray' in x)) return product(dims(math.size(x).valueOf()));
  return 1;
}

/** How many values range(…) would produce: range(a, b), range(a, b, step), range("a:b:step"). */
function rangeCount(args: unknown[]): number {
  let nums: number[];
  if (typeof args[0] === 'string') nums = args[0].split(':').map(Number);
  else nums = args.filter((a) => typeof a !== 'boolean').flatMap(dims);
  const [start, end, step = 1] = nums.length === 3 && typeof args[0] === 'string' ? [nums[0], nums[2], nums[1]] : nums;
  if (![start, end, step].every(Number.isFinite) || step === 0) return 0;
  return Math.abs((end - start) / step);
}

/**
 * Wrapped versions of the functions whose output can be far larger than their input, each
 * refusing before it allocates.
 */
export function limitedFunctions(math: MathLike & Record<string, unknown>): Record<string, Fn> {
  const original = (name: string) => math[name] as Fn;
  const guard = (name: string, count: (args: unknown[]) => number): [string, Fn] => {
    const fn = original(name);
    return [
      name,
      (...args: unknown[]) => {
        if (count(args) > MAX_ELEMENTS) throw tooBig(name);
        return fn(...args);
      },
    ];
  };
  const sizes = (args: unknown[]) => product(args.filter((a) => typeof a !== 'string').flatMap(dims));
  const entries: [string, Fn][] = [
    guard('zeros', sizes),
    guard('ones', sizes),
    guard('identity', sizes),
    guard('range', rangeCount),
    guard('resize', (args) => product(dims(args[1]))),
    guard('matrixFromFunction', (args) => product(dims(args[0]))),
    guard('kron', (args) => elements(math, args[0]) * elements(math, args[1])),
    // A vector of n values becomes an n × n matrix.
    guard('diag', (args) => (elements(math, args[0]) > 1 ? elements(math, args[0]) ** 2 : 1)),
  ];
  const concat = original('concat');
  entries.push([
    'concat',
    (...args: unknown[]) => {
      const total = args.reduce<number>((n, a) => n + elements(math, a), 0);
      if (args.every((a) => typeof a === 'string') ? total > MAX_TEXT : total > MAX_ELEMENTS) {
        throw new Error(`concat: the result would be longer than ${args.every((a) => typeof a === 'string') ? `${MAX_TEXT} characters` : `${MAX_ELEMENTS} values`}`);
      }
      return concat(...args);
    },
  ]);
  return Object.fromEntries(entries);
}
