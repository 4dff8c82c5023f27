// The File input in a real browser: a tester imports a flow that asks for a photo, answers with
// text first (and gets the retry text), then attaches a picture through the file chooser; the
// transcript shows its thumbnail and the bot's next message names the file it saved.
import { expect, test } from '@playwright/test';
import { call, login, uniqueName } from './helpers.js';
import { png } from './testing/png.js';

const document = {
  schemaVersion: 2,
  groups: [
    {
      id: 'g1',
      title: 'Foto do produto',
      position: { x: 0, y: 0 },
      blocks: [
        { id: 'ask', kind: 'input-file', options: { variableId: 'v_file', prompt: 'Envie uma foto do produto 📷', accept: ['image'], retryMessage: '' } },
        { id: 'ok', kind: 'bubble-text', options: { text: 'Recebi {{arquivo}}, obrigado!' } },
        // Still waiting afterwards, so a reload rejoins this run.
        { id: 'more', kind: 'input-text', options: { retryMessage: '' } },
      ],
    },
  ],
  edges: [{ id: 'e0', from: { eventId: 'start' }, to: { groupId: 'g1' } }],
  events: [{ id: 'start', kind: 'start', position: { x: -200, y: 0 } }],
  variables: [{ id: 'v_file', name: 'arquivo' }],
  settings: { locale: 'pt-BR' },
};

/** A small real PNG (a green square with a white stripe), so the thumbnail has something to show. */
const picture = (w: number, h: number) => png(w, h, (_x, y) => (Math.abs(y - h / 2) < h / 10 ? [255, 255, 255] : [15, 138, 95]));

test('a File input takes a photo attached in the test chat and refuses a text answer with the retry text', async ({ page }) => {
  await login(page);
  const flow = await call<{ id: string }>(page.request, 'flows.import', { name: uniqueName('Foto'), json: { document } });
  await page.goto(`/flows/${flow.id}`);
  // The block is in the palette's Inputs, named in Portuguese.
  await expect(page.locator('.oz-palette-item[data-kind="input-file"]')).toHaveText(/Arquivo/);

  await page.getByRole('button', { name: 'Testar' }).click();
  const chat = page.locator('.tc-panel');
  await expect(chat.getByText('Envie uma foto do produto 📷')).toBeVisible();

  // Text is not a photo: the retry text, and the question still waits.
  const box = chat.getByLabel('Digite uma mensagem');
  await box.fill('não tenho foto agora');
  await box.press('Enter');
  await expect(chat.getByText('Envie uma foto. Pode tentar de novo?')).toBeVisible();

  // A PDF dropped on the panel is sent as a document (a file chip), which an images-only question refuses.
  await chat.evaluate((panel) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'], 'nota.pdf', { type: 'application/pdf' }));
    for (const type of ['dragenter', 'dragover', 'drop']) panel.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  await expect(chat.getByTestId('tc-staged')).toContainText('nota.pdf');
  await expect(chat.getByRole('button', { name: 'Enviar', exact: true })).toBeEnabled();
  await box.press('Enter');
  await expect(chat.locator('.tc-bubble-in .tc-file-chip')).toContainText('nota.pdf');
  await expect(chat.getByText('Um documento não serve aqui: envie uma foto. Pode tentar de novo?')).toBeVisible();
  await chat.screenshot({ path: 'test-results/test-chat-file-pdf.png' });

  // The clip opens the file chooser; the picture shows as a chip while it is staged.
  const chooser = page.waitForEvent('filechooser');
  await chat.getByRole('button', { name: 'Anexar arquivo' }).click();
  await (await chooser).setFiles({ name: 'produto.png', mimeType: 'image/png', buffer: picture(160, 120) });
  const chip = chat.getByTestId('tc-staged');
  await expect(chip).toContainText('produto.png');
  const send = chat.getByRole('button', { name: 'Enviar', exact: true });
  await expect(send).toBeEnabled(); // uploaded: the file alone can go
  await box.fill('segue a foto');
  await page.screenshot({ path: 'test-results/test-chat-file-staged.png' });
  await send.click();
  await expect(chip).toHaveCount(0);

  // The contact's bubble holds the thumbnail (served back by the server) and the caption.
  const mine = chat.locator('.tc-bubble-in', { has: page.locator('img') });
  await expect(mine).toHaveCount(1);
  const thumb = mine.locator('img');
  await expect(thumb).toHaveAttribute('alt', 'produto.png');
  await expect(thumb).toHaveAttribute('src', /^\/api\/files\/[\w-]+$/);
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
  await expect(mine).toContainText('segue a foto');
  // The bot saved it: its next message names the file.
  await expect(chat.getByText('Recebi produto.png, obrigado!')).toBeVisible();
  // The variables panel shows the file by its name.
  await expect(chat.locator('.tc-var', { hasText: 'arquivo' }).locator('dd')).toHaveText('📎 produto.png');
  await page.screenshot({ path: 'test-results/test-chat-file.png' });

  // A picture pasted at the text question after it is an attachment too, and a text question refuses it.
  await box.evaluate(async (el, bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'colada.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }));
  }, [...picture(40, 30)]);
  await expect(chat.getByTestId('tc-staged')).toContainText('colada.png');
  await expect(box).toHaveValue('');
  await expect(chat.getByRole('button', { name: 'Enviar', exact: true })).toBeEnabled();
  await box.press('Enter');
  await expect(chat.locator('.tc-bubble-in img[alt="colada.png"]')).toBeVisible();
  await expect(chat.getByText('Uma foto não responde a esta pergunta: digite a resposta. Pode tentar de novo?')).toBeVisible();
  await page.screenshot({ path: 'test-results/test-chat-file-pasted.png' });

  // Closed and reloaded, the run rejoins from the server's transcript: the picture is still there.
  await chat.getByRole('button', { name: 'Fechar teste' }).click();
  await page.reload();
  await page.getByRole('button', { name: 'Testar' }).click();
  await expect(chat.getByText('Recebi produto.png, obrigado!')).toBeVisible();
  await expect(chat.locator('.tc-bubble-in img[alt="produto.png"]')).toBeVisible();
});

test('the File block’s settings offer the accepted kinds as checkboxes, and the extra fields of several files only with them', async ({ page }) => {
  await login(page);
  const flow = await call<{ id: string; draftRevision: number }>(page.request, 'flows.import', { name: uniqueName('Arquivo'), json: { document: { ...document, groups: [{ ...document.groups[0], blocks: [] }] } } });
  await page.goto(`/flows/${flow.id}`);
  const group = page.locator('.oz-group').first();
  await page.locator('.oz-palette-item[data-kind="input-file"]').dragTo(group);
  const panel = page.locator('.bs-panel[data-kind="input-file"]');
  const kinds = panel.getByRole('group', { name: 'Arquivos aceitos' });
  await expect(kinds.getByRole('checkbox')).toHaveCount(4);
  await kinds.getByLabel('Imagens').check();
  await kinds.getByLabel('Documentos (PDF, Word, Excel…)').check();
  await expect(panel.getByLabel('Palavra para terminar')).toHaveCount(0);
  await panel.getByRole('switch', { name: 'Permitir vários arquivos' }).click();
  await expect(panel.getByLabel('Palavra para terminar')).toBeVisible();
  await panel.getByLabel('Palavra para terminar').fill('fim');
  await page.screenshot({ path: 'test-results/file-block-settings.png' });
  await kinds.getByLabel('Imagens').uncheck();

  await expect(page.getByText('Salvo', { exact: true })).toBeVisible({ timeout: 10_000 });
  const stored = await call<{ draft: { groups: { blocks: { kind: string; options: Record<string, unknown> }[] }[] } }>(page.request, 'flows.get', { id: flow.id }, 'query');
  const block = stored.draft.groups[0].blocks.find((b) => b.kind === 'input-file')!;
  expect(block.options).toMatchObject({ accept: ['document'], multiple: true, doneWord: 'fim' });
});
