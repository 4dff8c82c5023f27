// The web chat widget's weight on a visitor's page: the loader plus the chat page's script and
// styles, built as `npm start` builds them, gzipped. Target ≤ 30 KB (nothing else is loaded).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { emit } from './report.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const WIDGET_FILES = ['widget.js', 'chat.js', 'chat.css'];
const TARGET_KB = 30;

/** Gzipped size (KB) of what a visitor downloads, from a fresh build into `outDir`. */
export function widgetBundleKb(outDir = path.join(ROOT, 'dist/widget')): number {
  let bytes = 0;
  for (const f of WIDGET_FILES) bytes += gzipSync(fs.readFileSync(path.join(outDir, f)), { level: 9 }).length;
  return Math.round((bytes / 1024) * 100) / 100;
}

export async function benchWidget(): Promise<void> {
  execFileSync('npx', ['vite', 'build', '-c', 'vite.widget.config.ts', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  const value = widgetBundleKb();
  emit({ bench: 'widget_bundle_kb', value, unit: 'KB', baseline: 'target_kb', baseline_value: TARGET_KB, ratio: Math.round((value / TARGET_KB) * 1000) / 1000 });
}
