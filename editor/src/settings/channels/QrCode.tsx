// The QR code WhatsApp asks the phone to scan, drawn on a canvas from the text Baileys emits.
// Redrawn whenever a new code arrives (every ~20 s until the cap).
import { useEffect, useRef } from 'react';
import qrcode from 'qrcode-generator';

const CELL = 6;
const MARGIN = 4;

export function QrCode({ text, label }: { text: string; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    // Type 0: the smallest version that holds the text; M: what WhatsApp Web uses.
    const qr = qrcode(0, 'M');
    qr.addData(text, 'Byte');
    qr.make();
    const n = qr.getModuleCount();
    const size = (n + MARGIN * 2) * CELL;
    canvas.width = size;
    canvas.height = size;
    // Always dark on white, whatever the theme: phones read inverted codes badly.
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size, size);
    ctx.fillStyle = '#000000';
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) ctx.fillRect((c + MARGIN) * CELL, (r + MARGIN) * CELL, CELL, CELL);
  }, [text]);
  return <canvas ref={ref} className="ch-qr" role="img" aria-label={label} data-qr={text.length} />;
}
