// A template as the contact's WhatsApp shows it: a bubble with the bold header, the body with
// *bold* / _italic_, the grey footer and the buttons under it; variables filled with the values
// typed so far (an empty one stays `{{1}}`). Settings' create dialog and the Inbox picker share it.
import type { ReactNode } from 'react';
import { fillTemplateText } from '../../../../blocks/shared/template-text.js';
import './templates.css';

interface Component {
  type: string;
  format?: string;
  text?: string;
  buttons?: { type: string; text?: string }[];
}

export function componentText(components: readonly Component[], type: 'HEADER' | 'BODY' | 'FOOTER'): string {
  return components.find((c) => c.type.toUpperCase() === type)?.text ?? '';
}

/** `*bold*` and `_italic_` as WhatsApp shows them. */
function formatted(text: string): ReactNode[] {
  return text.split(/(\*[^*\n]+\*|_[^_\n]+_)/g).map((part, i) =>
    part.startsWith('*') && part.endsWith('*') && part.length > 2 ? (
      <strong key={i}>{part.slice(1, -1)}</strong>
    ) : part.startsWith('_') && part.endsWith('_') && part.length > 2 ? (
      <em key={i}>{part.slice(1, -1)}</em>
    ) : (
      part
    ),
  );
}

/** `values`: by `header.<name>` and `body.<name>`. */
export function WhatsAppPreview({ components, values, compact }: { components: readonly Component[]; values: Record<string, string>; compact?: boolean }) {
  const fill = (kind: 'header' | 'body', text: string) => fillTemplateText(text, (name) => values[`${kind}.${name}`]);
  const header = fill('header', componentText(components, 'HEADER'));
  const body = fill('body', componentText(components, 'BODY'));
  const footer = componentText(components, 'FOOTER');
  const buttons = components.find((c) => c.type.toUpperCase() === 'BUTTONS')?.buttons ?? [];
  return (
    <div className={`wa-preview${compact ? ' wa-preview--compact' : ''}`}>
      <div className="wa-bubble">
        {header ? <p className="wa-header">{header}</p> : null}
        <p className="wa-body">{formatted(body)}</p>
        {footer ? <p className="wa-footer">{footer}</p> : null}
      </div>
      {buttons.length ? (
        <div className="wa-buttons">
          {buttons.map((b, i) => (
            <span key={i} className="wa-button">
              {b.type === 'URL' ? '↗ ' : b.type === 'PHONE_NUMBER' ? '☏ ' : '↩ '}
              {b.text}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}
