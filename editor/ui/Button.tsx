// Buttons: text buttons in a few variants and square icon buttons that always carry a label.
import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { Spinner } from './feedback.js';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'link';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  /** An icon before the text. */
  icon?: ReactNode;
  /** Shows a spinner and disables the button. */
  loading?: boolean;
  block?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

export function Button({ variant = 'secondary', size = 'md', icon, loading, block, className, children, disabled, type = 'button', ref, ...rest }: ButtonProps) {
  const classes = ['ui-button', `ui-button--${variant}`, `ui-button--${size}`, block ? 'ui-button--block' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <button ref={ref} type={type} className={classes} disabled={disabled || loading} aria-busy={loading || undefined} {...rest}>
      {loading ? <Spinner size={14} /> : icon}
      {children !== undefined && children !== null ? <span className="ui-button__text">{children}</span> : null}
    </button>
  );
}

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'aria-label'> {
  /** Read by screen readers and shown as a tooltip. */
  label: string;
  variant?: 'ghost' | 'secondary' | 'danger';
  size?: 'sm' | 'md';
  children: ReactNode;
  ref?: Ref<HTMLButtonElement>;
}

export function IconButton({ label, variant = 'ghost', size = 'md', className, children, type = 'button', ref, ...rest }: IconButtonProps) {
  return (
    <button
      ref={ref}
      type={type}
      aria-label={label}
      title={label}
      className={['ui-icon-button', `ui-icon-button--${variant}`, `ui-icon-button--${size}`, className ?? ''].filter(Boolean).join(' ')}
      {...rest}
    >
      {children}
    </button>
  );
}
