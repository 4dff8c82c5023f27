// Phones as people type them: `11 99999-0000`, `+55 11 99999-0000` and `5511999990000` are one
// number. Contacts keep what their channel gave (`5511…` from WhatsApp, `+5511…` from the test chat
// and from people), so a search looks for every spelling of the number at once, each an index hit.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** The number's E.164 digits (no '+'), or null when it is not a phone number. */
export function phoneDigits(text: string, country: CountryCode = 'BR'): string | null {
  const t = text.trim();
  if (!/^[+\d\s().-]+$/.test(t)) return null;
  const digits = t.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return null;
  const tries = t.startsWith('+') ? [t] : [t, `+${digits}`];
  for (const candidate of tries) {
    const p = candidate.startsWith('+') ? parsePhoneNumberFromString(candidate) : parsePhoneNumberFromString(candidate, country);
    if (p?.isValid()) return p.number.slice(1);
  }
  return null;
}

/** E.164 with its '+', for storing and showing: null when not a valid number. */
export function toE164(text: string, country: CountryCode = 'BR'): string | null {
  const d = phoneDigits(text, country);
  return d ? `+${d}` : null;
}

/**
 * Every way a contact's phone column may hold this number: with and without '+', and for a
 * Brazilian mobile, with and without the ninth digit (WhatsApp still reports some numbers
 * registered before it as 55 DD 8 digits).
 */
export function phoneSpellings(digits: string): string[] {
  const forms = new Set([digits]);
  const br = /^55(\d{2})(9?)(\d{8})$/.exec(digits);
  if (br && /^[6-9]/.test(br[3])) forms.add(br[2] ? `55${br[1]}${br[3]}` : `55${br[1]}9${br[3]}`);
  return [...forms].flatMap((d) => [d, `+${d}`]);
}

/** A stored phone as E.164 ('+' and digits), whatever spelling it was stored in. */
export function storedToE164(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 8 ? `+${digits}` : null;
}
