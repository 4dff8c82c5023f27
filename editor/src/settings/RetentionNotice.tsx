// The line above a transcript the retention policy cut (the Inbox, the contact page).
import { fmt, useLocale, useTexts } from '../i18n.js';
import { retentionTexts } from './retention-texts.js';

export function RetentionNotice({ before, className }: { before: string | null | undefined; className?: string }) {
  const t = useTexts(retentionTexts);
  const locale = useLocale();
  if (!before) return null;
  return (
    <p className={className} role="note" data-testid="retention-notice">
      {fmt(t.notice, { date: new Date(before).toLocaleDateString(locale, { dateStyle: 'short' }) })}
    </p>
  );
}
