// The "?" popover listing the Inbox's keyboard shortcuts.
import { useRef } from 'react';
import { IconButton, Popover } from '../../ui/index.js';
import { useTexts } from '../i18n.js';
import { SHORTCUTS } from './keyboard.js';
import { inboxTexts } from './texts.js';

export function ShortcutsHelp({ open, onOpen }: { open: boolean; onOpen(open: boolean): void }) {
  const t = useTexts(inboxTexts);
  const btn = useRef<HTMLButtonElement | null>(null);
  return (
    <>
      <IconButton ref={btn} size="sm" label={t.shortcuts} aria-expanded={open} aria-haspopup="dialog" onClick={() => onOpen(!open)}>
        <span className="ib-help-q" aria-hidden>
          ?
        </span>
      </IconButton>
      <Popover open={open} anchor={btn} onClose={() => onOpen(false)} role="dialog" aria-label={t.shortcuts} className="ib-help" align="start">
        <div
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              onOpen(false);
              btn.current?.focus();
            }
          }}
        >
          <h2 className="ib-help__title">{t.shortcuts}</h2>
          <dl className="ib-help__list">
            {SHORTCUTS.map((s) => (
              <div key={s.text} className="ib-help__row">
                <dt>
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 ? <span className="ib-help__plus">{s.or ? '/' : '+'}</span> : null}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </dt>
                <dd>{t.shortcutTexts[s.text]}</dd>
              </div>
            ))}
          </dl>
        </div>
      </Popover>
    </>
  );
}
