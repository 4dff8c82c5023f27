import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const probe = new Database(':memory:');
const proto = Object.getPrototypeOf(probe.prepare('select 1'));
const stats = new Map<string, [number, number]>();
for (const fn of ['all', 'run', 'get']) {
  const o = proto[fn];
  proto[fn] = function (...a: unknown[]) { const t = performance.now(); try { return o.apply(this, a); } finally { const k = (this.source as string).slice(0, 70); const s = stats.get(k) ?? [0, 0]; s[0]++; s[1] += performance.now() - t; stats.set(k, s); } };
}
const dbProto = Object.getPrototypeOf(probe);
const oexec = dbProto.exec;
dbProto.exec = function (sql: string) { const t = performance.now(); try { return oexec.call(this, sql); } finally { const s = stats.get('EXEC ' + sql) ?? [0, 0]; s[0]++; s[1] += performance.now() - t; stats.set('EXEC ' + sql, s); } };
await import('./_prof2.js');
let total = 0; for (const [, [, ms]] of stats) total += ms;
console.log('total db ms', Math.round(total));
for (const [k, [n, ms]] of [...stats].sort((a, b) => b[1][1] - a[1][1]).slice(0, 14)) console.log(String(n).padStart(6), (ms * 1000 / n).toFixed(1).padStart(7) + 'us', Math.round(ms) + 'ms', k);
