// The language picker, shared by the login form and the top bar.
import { setLocale, useLocale, useTexts, type Locale } from '../i18n.js';
import { shellTexts } from './texts.js';

export function LocaleSelect() {
  const locale = useLocale();
  const t = useTexts(shellTexts);
  return (
    <select aria-label={t.language} value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
      <option value="pt-BR">Português</option>
      <option value="en">English</option>
    </select>
  );
}
