// WhatsApp-formatted text as React elements: every piece of text is a text node, never HTML.
import { Fragment, useMemo, type ReactNode } from 'react';
import { parseWhatsApp, safeUrl, type Token } from './format.js';

function render(tokens: Token[], prefix: string): ReactNode[] {
  return tokens.map((t, i) => {
    const key = `${prefix}${i}`;
    switch (t.type) {
      case 'text':
        return <Fragment key={key}>{t.text}</Fragment>;
      case 'br':
        return <br key={key} />;
      case 'bold':
        return <strong key={key}>{render(t.children, `${key}.`)}</strong>;
      case 'italic':
        return <em key={key}>{render(t.children, `${key}.`)}</em>;
      case 'strike':
        return <s key={key}>{render(t.children, `${key}.`)}</s>;
      case 'mono':
        return (
          <code key={key} className="tc-mono">
            {t.text}
          </code>
        );
      case 'code':
        return (
          <code key={key} className="tc-code">
            {t.text}
          </code>
        );
      case 'link': {
        const href = safeUrl(t.href);
        return href ? (
          <a key={key} href={href} target="_blank" rel="noopener noreferrer">
            {t.text}
          </a>
        ) : (
          <Fragment key={key}>{t.text}</Fragment>
        );
      }
    }
  });
}

export function Formatted({ text, className }: { text: string; className?: string }) {
  const nodes = useMemo(() => render(parseWhatsApp(text), ''), [text]);
  // Each message takes its direction from its own text: Arabic or Hebrew reads right to left.
  return (
    <span className={className ?? 'tc-text'} dir="auto">
      {nodes}
    </span>
  );
}
