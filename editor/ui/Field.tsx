// A labelled form field: label, the control, help and errors, tied together for assistive tech.
// Controls of this kit placed inside a Field pick up its id and aria attributes by themselves.
import { createContext, useContext, useId, type AriaAttributes, type ReactNode } from 'react';

interface FieldContextValue {
  id: string;
  labelId: string;
  describedBy?: string;
  invalid: boolean;
}

const FieldContext = createContext<FieldContextValue | null>(null);

/** The enclosing Field's ids, for a control (or a custom widget) that wants to be labelled by it. */
export function useFieldContext(): FieldContextValue | null {
  return useContext(FieldContext);
}

/** id / aria-describedby / aria-invalid for a control, from its own props or the enclosing Field. */
export function useFieldControl(props: { id?: string; 'aria-describedby'?: string; 'aria-invalid'?: AriaAttributes['aria-invalid'] }) {
  const ctx = useContext(FieldContext);
  const describedBy = [props['aria-describedby'], ctx?.describedBy].filter(Boolean).join(' ') || undefined;
  return {
    id: props.id ?? ctx?.id,
    'aria-describedby': describedBy,
    'aria-invalid': props['aria-invalid'] ?? (ctx?.invalid ? true : undefined),
  };
}

export interface FieldProps {
  label?: ReactNode;
  help?: ReactNode;
  /** One message or several; an empty list or empty string shows nothing. */
  error?: ReactNode | ReactNode[];
  /** A small note after the label, e.g. "optional". */
  hint?: ReactNode;
  /** Content at the right of the label row (a small action). */
  aside?: ReactNode;
  /** `inline` puts the label and a compact control (a switch) on one row. */
  layout?: 'stack' | 'inline';
  /**
   * For a control that is not one labelable element (a radio group, a list): the label becomes
   * a caption and the Field a `role=group` labelled by it.
   */
  group?: boolean;
  id?: string;
  className?: string;
  children: ReactNode;
}

export function Field({ label, help, error, hint, aside, layout = 'stack', group, id, className, children }: FieldProps) {
  const auto = useId();
  const controlId = id ?? `f${auto}`;
  const labelId = `${controlId}-label`;
  const helpId = `${controlId}-help`;
  const errorId = `${controlId}-error`;
  const errors = (Array.isArray(error) ? error : [error]).filter((e) => e !== undefined && e !== null && e !== false && e !== '');
  const describedBy = [errors.length ? errorId : '', help ? helpId : ''].filter(Boolean).join(' ') || undefined;
  const ctx: FieldContextValue = { id: controlId, labelId, describedBy, invalid: errors.length > 0 };
  const labelContent = (
    <>
      <span className="ui-field__label-text">{label}</span>
      {hint ? <span className="ui-field__hint">{hint}</span> : null}
    </>
  );
  const labelEl = label ? (
    group ? (
      <span className="ui-field__label" id={labelId}>
        {labelContent}
      </span>
    ) : (
      <label className="ui-field__label" id={labelId} htmlFor={controlId}>
        {labelContent}
      </label>
    )
  ) : null;
  const classes = ['ui-field', `ui-field--${layout}`, errors.length ? 'ui-field--invalid' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <FieldContext.Provider value={ctx}>
      <div
        className={classes}
        role={group ? 'group' : undefined}
        aria-labelledby={group && label ? labelId : undefined}
        aria-describedby={group ? describedBy : undefined}
      >
        {labelEl || aside ? (
          <div className="ui-field__head">
            {labelEl}
            {aside ? <div className="ui-field__aside">{aside}</div> : null}
          </div>
        ) : null}
        <div className="ui-field__control">{children}</div>
        {errors.length ? (
          <div className="ui-field__errors" id={errorId}>
            {errors.map((e, i) => (
              <p key={i} className="ui-field__error">
                {e}
              </p>
            ))}
          </div>
        ) : null}
        {help ? (
          <p className="ui-field__help" id={helpId}>
            {help}
          </p>
        ) : null}
      </div>
    </FieldContext.Provider>
  );
}
