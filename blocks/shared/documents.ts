// CPF (11 digits) and CNPJ (14 characters) with their check digits. Stored without punctuation,
// shown formatted. CNPJs issued from July 2026 may hold letters in their first 12 places: the
// check digits weigh each character as its code minus 48, which is the digit itself for digits.

/** Punctuation and spaces out, letters upper-cased. */
export function documentKey(text: string): string {
  return text.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

const value = (ch: string) => ch.charCodeAt(0) - 48;

function cpfValid(d: string): boolean {
  if (!/^\d{11}$/.test(d) || /^(\d)\1{10}$/.test(d)) return false;
  for (const n of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += value(d[i]) * (n + 1 - i);
    const check = ((sum * 10) % 11) % 10;
    if (check !== value(d[n])) return false;
  }
  return true;
}

function cnpjValid(d: string): boolean {
  if (!/^[0-9A-Z]{12}\d{2}$/.test(d) || /^(\d)\1{13}$/.test(d)) return false;
  for (const n of [12, 13]) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += value(d[i]) * (((n - 1 - i) % 8) + 2);
    const rest = sum % 11;
    const check = rest < 2 ? 0 : 11 - rest;
    if (check !== value(d[n])) return false;
  }
  return true;
}

/** 'cpf' or 'cnpj' when the text is one with right check digits, null otherwise. */
export function documentKind(text: string): 'cpf' | 'cnpj' | null {
  const d = documentKey(text);
  if (d.length === 11 && cpfValid(d)) return 'cpf';
  if (d.length === 14 && cnpjValid(d)) return 'cnpj';
  return null;
}

/** 123.456.789-09 or 12.345.678/0001-95; anything else as given. */
export function formatDocument(key: string): string {
  if (/^\d{11}$/.test(key)) return `${key.slice(0, 3)}.${key.slice(3, 6)}.${key.slice(6, 9)}-${key.slice(9)}`;
  if (/^[0-9A-Z]{14}$/.test(key)) return `${key.slice(0, 2)}.${key.slice(2, 5)}.${key.slice(5, 8)}/${key.slice(8, 12)}-${key.slice(12)}`;
  return key;
}
