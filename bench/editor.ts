// editor_open_ms and editor_pan_fps, measured in Chromium on the built app: opening a flow of
// 1,000 blocks in 200 groups (baseline: the same page with an empty flow, same run), and the
// frame rate during a scripted 3-second pan (baseline: requestAnimationFrame on an empty page).
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { execSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CURRENT_SCHEMA_VERSION, type FlowDocument } from '../blocks/flow.js';
import { createServer, DIST_DIR } from '../api/server.js';
import { createServices } from '../api/services.js';
import { tempDir } from '../runtime/testing/databases.js';
import { emit } from './report.js';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** 200 groups × 5 blocks laid out on a grid, each group's last block wired to the next group. */
export function largeFlow(groups = 200, perGroup = 5): FlowDocument {
  const doc: FlowDocument = {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    groups: [],
    edges: [{ id: 'e_start', from: { eventId: 'start' }, to: { groupId: 'g0' } }],
    events: [{ id: 'start', kind: 'start', position: { x: -300, y: 0 } }],
    variables: [{ id: 'v_name', name: 'nome' }],
    settings: {
      sessionTimeoutMinutes: 1440,
      typingDelayMs: 0,
      fallbackMessage: '',
      retryMessage: '',
      maxRetries: 3,
      stepLimit: 500,
      timeZone: 'America/Sao_Paulo',
      locale: 'pt-BR',
    },
  };
  for (let g = 0; g < groups; g++) {
    const blocks = [];
    for (let b = 0; b < perGroup; b++) {
      const id = `g${g}b${b}`;
      blocks.push(
        b === perGroup - 1
          ? { id, kind: 'input-text', options: { variableId: 'v_name', retryMessage: '' } }
          : { id, kind: 'bubble-text', options: { text: `Mensagem ${b + 1} do grupo ${g + 1}, {{nome}}` } },
      );
    }
    doc.groups.push({ id: `g${g}`, title: `Grupo ${g + 1}`, position: { x: (g % 20) * 340, y: Math.floor(g / 20) * 420 }, blocks });
    if (g + 1 < groups) doc.edges.push({ id: `e${g}`, from: { blockId: `g${g}b${perGroup - 1}` }, to: { groupId: `g${g + 1}` } });
  }
  return doc;
}

export async function benchEditor(): Promise<void> {
  if (!fs.existsSync(path.join(DIST_DIR, 'index.html'))) execSync('npx vite build', { stdio: 'ignore' });
  const dir = tempDir('ozia-bench-editor-');
  const app = await createServices({ dataDir: dir, sqliteFile: path.join(dir, 'ozia.sqlite') });
  await app.auth.createUser({ email: 'bench@ozia.local', name: 'Bench', role: 'supervisor', password: 'bench-password' });
  const big = await app.flows.create({ name: 'Grande', document: largeFlow() });
  const empty = await app.flows.create({ name: 'Vazio' });
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.OZIA_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: base });
    await context.request.post('/trpc/auth.login', { data: { email: 'bench@ozia.local', password: 'bench-password' } });
    const page = await context.newPage();

    /** Milliseconds from navigation start until the canvas shows its groups. */
    const open = async (id: string) => {
      await page.goto(`/flows/${id}`);
      // A selector, not a predicate as text: the app's CSP refuses the eval that one needs.
      await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))');
      return (await page.evaluate('performance.now()')) as number;
    };
    // Warm the caches once, then measure each a few times and keep the median.
    await open(empty.id);
    const runs = async (id: string) => {
      const xs: number[] = [];
      for (let i = 0; i < 3; i++) xs.push(await open(id));
      return xs.sort((a, b) => a - b)[1];
    };
    const emptyMs = await runs(empty.id);
    const bigMs = await runs(big.id);
    emit({ bench: 'editor_open_ms', value: Math.round(bigMs), unit: 'ms', baseline: 'editor_open_empty_ms', baseline_value: Math.round(emptyMs), ratio: +(bigMs / emptyMs).toFixed(2) });

    /** Frames counted while the mouse drags the canvas for 3 seconds. */
    const panFps = async () => {
      const pane = page.locator('.react-flow__pane');
      const box = (await pane.boundingBox())!;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      // Code as text: functions compiled by tsx carry helpers the page does not have.
      await page.evaluate(`(() => {
        window.__frames = 0;
        window.__counting = true;
        const tick = () => { if (!window.__counting) return; window.__frames++; requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
      })()`);
      const t0 = Date.now();
      await page.mouse.move(cx, cy);
      let step = 0;
      // A trackpad-style pan (the canvas pans on scroll), in a circle, for 3 seconds.
      while (Date.now() - t0 < 3000) {
        step++;
        await page.mouse.wheel(Math.cos(step / 10) * 40, Math.sin(step / 10) * 40);
        await page.waitForTimeout(8);
      }
      const elapsed = (Date.now() - t0) / 1000;
      const frames = (await page.evaluate('(() => { window.__counting = false; return window.__frames; })()')) as number;
      return frames / elapsed;
    };
    await page.goto(`/flows/${big.id}`);
    await page.waitForSelector('.react-flow__node');
    const bigFps = await panFps();
    await page.goto('about:blank');
    const rafFps = (await page.evaluate(`new Promise((resolve) => {
      let frames = 0;
      const t0 = performance.now();
      const tick = () => {
        frames++;
        if (performance.now() - t0 < 3000) requestAnimationFrame(tick);
        else resolve((frames * 1000) / (performance.now() - t0));
      };
      requestAnimationFrame(tick);
    })`)) as number;
    emit({ bench: 'editor_pan_fps', value: +bigFps.toFixed(1), unit: 'fps', baseline: 'raf_empty_page_fps', baseline_value: +rafFps.toFixed(1), ratio: +(bigFps / rafFps).toFixed(3) });
  } finally {
    await browser.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
