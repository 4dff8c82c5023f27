// Contact cards as WhatsApp sends them (vCard 3.0): the name and the phone numbers. WhatsApp
// puts the number's WhatsApp id in a `waid` parameter (`TEL;type=CELL;waid=5511…:+55 11 …`),
// which is the reliable form; otherwise the digits of the value.

export interface VCardContact {
  name: string;
  /** E.164 digits without '+'. */
  phones: string[];
}

function unfold(vcard: string): string[] {
  // RFC 6350 §3.2: a line starting with a space or tab continues the previous one.
  return vcard.replace(/\r\n/g, '\n').replace(/\n[ \t]/g, '').split('\n');
}

function unescape(value: string): string {
  return value.replace(/\\n/gi, ' ').replace(/\\([,;\\])/g, '$1').trim();
}

/** Reads one vCard; `fallbackName` (the message's displayName) when it names nobody. */
export function parseVCard(vcard: string, fallbackName = ''): VCardContact {
  let fn = '';
  let n = '';
  const phones: string[] = [];
  for (const line of unfold(vcard)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const head = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const [rawName, ...params] = head.split(';');
    const name = rawName.replace(/^[^.]*\./, '').toUpperCase(); // item1.TEL -> TEL
    if (name === 'FN') fn = unescape(value);
    else if (name === 'N') n = unescape(value.split(';').filter(Boolean).reverse().join(' '));
    else if (name === 'TEL') {
      const waid = params.map((p) => /^waid=(\d+)$/i.exec(p.trim())?.[1]).find(Boolean);
      const digits = waid ?? value.replace(/\D+/g, '');
      if (digits.length >= 5 && !phones.includes(digits)) phones.push(digits);
    }
  }
  return { name: fn || n || fallbackName.trim(), phones };
}
