// The leave guard over a stand-in for the browser's history: links, tabs and back/forward all
// wait for the page's answer, and a refused back step leaves the page and its address alone.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

const entries: string[] = [];
let index = 0;
const win = new EventTarget();
const fakeHistory = {
  pushState: (_s: unknown, _t: string, path: string) => {
    entries.splice(index + 1, entries.length, path);
    index = entries.length - 1;
  },
  replaceState: (_s: unknown, _t: string, path: string) => {
    entries[index] = path;
  },
  go: (n: number) => {
    index += n;
    win.dispatchEvent(new Event('popstate'));
  },
};
const fakeLocation = {
  get pathname() {
    return entries[index].split('?')[0];
  },
  get search() {
    const q = entries[index].indexOf('?');
    return q < 0 ? '' : entries[index].slice(q);
  },
};

let router: typeof import('./router.js');

beforeAll(async () => {
  entries.push('/flows');
  Object.assign(globalThis, { window: win, history: fakeHistory, location: fakeLocation });
  router = await import('./router.js');
});

function answer() {
  let resolve!: (ok: boolean) => void;
  const promise = new Promise<boolean>((r) => (resolve = r));
  return { promise, resolve };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  entries.splice(0, entries.length, '/flows');
  index = 0;
});

describe('leave guard', () => {
  it('lets a link through at once when the guard has nothing to lose', () => {
    router.navigate('/flows/a');
    const lift = router.setLeaveGuard(() => true);
    router.navigate('/inbox');
    lift();
    expect(fakeLocation.pathname).toBe('/inbox');
  });

  it('holds a link or a tab until the person answers, and stays when told to', async () => {
    router.navigate('/flows/a');
    let q = answer();
    const lift = router.setLeaveGuard(() => q.promise);
    router.navigate('/flows');
    expect(fakeLocation.pathname).toBe('/flows/a');
    q.resolve(false);
    await flush();
    expect(fakeLocation.pathname).toBe('/flows/a');
    q = answer();
    router.navigate('/settings');
    q.resolve(true);
    await flush();
    expect(fakeLocation.pathname).toBe('/settings');
    lift();
  });

  it('puts the address back on a refused back step, and follows it once confirmed', async () => {
    router.navigate('/flows/a');
    let q = answer();
    let asked = 0;
    const lift = router.setLeaveGuard(() => {
      asked++;
      return q.promise;
    });
    fakeHistory.go(-1);
    expect(fakeLocation.pathname).toBe('/flows/a');
    // A second back press while the question is open does not ask twice.
    fakeHistory.go(-1);
    expect(fakeLocation.pathname).toBe('/flows/a');
    expect(asked).toBe(1);
    q.resolve(false);
    await flush();
    expect(fakeLocation.pathname).toBe('/flows/a');

    q = answer();
    fakeHistory.go(-1);
    q.resolve(true);
    await flush();
    expect(fakeLocation.pathname).toBe('/flows');
    lift();
  });

  it('asks before logging out, and nothing once the guard is lifted', async () => {
    const lift = router.setLeaveGuard(() => Promise.resolve(false));
    expect(await router.confirmLeave()).toBe(false);
    lift();
    expect(await router.confirmLeave()).toBe(true);
  });
});
