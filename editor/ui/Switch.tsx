// An on/off switch: a button with role=switch, so Space and Enter toggle it.
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { useFieldControl } from './Field.js';

export interface SwitchProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onChange' | 'value'> {
  checked: boolean;
  onChange(checked: boolean): void;
  /** Text beside the switch, when it is not inside a Field. */
  label?: ReactNode;
  size?: 'sm' | 'md';
}

export function Switch({ checked, onChange, label, className, size = 'md', disabled, ...rest }: SwitchProps) {
  const a11y = useFieldControl(rest);
  const button = (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      {...rest}
      {...a11y}
      disabled={disabled}
      className={['ui-switch', size === 'sm' ? 'ui-switch--sm' : '', label ? '' : className ?? ''].filter(Boolean).join(' ')}
      onClick={(e) => {
        rest.onClick?.(e);
        if (!e.defaultPrevented) onChange(!checked);
      }}
    >
      <span className="ui-switch__thumb" />
    </button>
  );
  if (!label) return button;
  return (
    <span className={['ui-switch-row', className ?? ''].filter(Boolean).join(' ')}>
      {button}
      <span className="ui-switch-row__label" onClick={() => !disabled && onChange(!checked)}>
        {label}
      </span>
    </span>
  );
}
