// Choosing a color: a row of swatches (a radio group), the browser's picker for any other
// color, and the hex code, which is what the server stores.
import { type CSSProperties } from 'react';
import { CheckIcon, Field, TextInput } from '../../ui/index.js';
import { useTexts } from '../i18n.js';
import { settingsTexts } from './texts.js';
import { isColor, normalizeColor } from './validate.js';

export const SWATCHES = ['#2f80ed', '#0f8a5f', '#e0a100', '#f2994a', '#eb5757', '#d63384', '#9b51e0', '#00a3bf', '#8a94a6'] as const;

export function ColorPicker({ value, onChange, error }: { value: string; onChange: (color: string) => void; error?: string }) {
  const t = useTexts(settingsTexts);
  const current = value.toLowerCase();
  return (
    <Field label={t.colors.label} error={error} group>
      <div className="st-colors">
        <div role="radiogroup" aria-label={t.colors.label} className="st-swatches">
          {SWATCHES.map((c) => (
            <button
              key={c}
              type="button"
              role="radio"
              aria-checked={current === c}
              aria-label={t.colors.swatches[c] ?? c}
              title={t.colors.swatches[c] ?? c}
              className="st-swatch"
              style={{ '--swatch': c } as CSSProperties}
              onClick={() => onChange(c)}
            >
              {current === c ? <CheckIcon size={14} strokeWidth={3} /> : null}
            </button>
          ))}
          <label className="st-swatch st-swatch--custom" title={t.colors.custom}>
            <input
              type="color"
              aria-label={t.colors.custom}
              value={isColor(value) ? current : '#2f80ed'}
              onChange={(e) => onChange(e.target.value.toLowerCase())}
            />
          </label>
        </div>
        <div className="st-hex">
          <span className="st-hex__preview" style={{ background: isColor(value) ? value : 'transparent' }} aria-hidden="true" />
          <TextInput
            size="sm"
            aria-label={t.colors.hex}
            aria-invalid={error ? true : undefined}
            value={value}
            maxLength={7}
            spellCheck={false}
            onChange={(v) => onChange(v.trim())}
            onBlur={() => normalizeColor(value) !== value && onChange(normalizeColor(value))}
          />
        </div>
      </div>
    </Field>
  );
}
