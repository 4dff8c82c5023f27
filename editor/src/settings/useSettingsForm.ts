// A Settings form's state: the draft, its issues (shown once the person tries to submit, then
// live), server errors routed to the field they name (cleared when that field is edited),
// and the submit that checks first, calls the server, and toasts what fits no field.
import { useCallback, useEffect, useRef, useState } from 'react';
import { rawErrorMessage } from '../api.js';
import { useLocale, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { splitServerError } from './errors.js';
import { issueText } from './parts.js';
import { settingsTexts } from './texts.js';

export function useSettingsForm<D extends object>(initial: D | (() => D), validate: (d: D) => Partial<Record<string, string>>, fields: readonly string[]) {
  const t = useTexts(settingsTexts);
  const locale = useLocale();
  const toast = useToast();
  const [draft, setDraft] = useState<D>(initial);
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  const issues = validate(draft);

  const set = useCallback(<K extends keyof D>(key: K, value: D[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setServer((s) => {
      if (!(String(key) in s)) return s;
      const next = { ...s };
      delete next[String(key)];
      return next;
    });
  }, []);

  const error = (field: string): string | undefined => server[field] ?? (tried ? issueText(t, issues[field]) : undefined);

  // Asked for by a failed submit and done after the render that marks the fields invalid (and
  // enables them again): a timer or a frame could run before that render.
  const [focusAsk, setFocusAsk] = useState(0);
  useEffect(() => {
    if (focusAsk && !busy) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusAsk, busy]);
  const focusFirstInvalid = () => setFocusAsk((n) => n + 1);

  /** Resolves true when `action` succeeded. */
  const submit = async (action: (d: D) => Promise<void>): Promise<boolean> => {
    if (busy) return false;
    setTried(true);
    if (Object.values(issues).some(Boolean)) {
      focusFirstInvalid();
      return false;
    }
    setBusy(true);
    setServer({});
    try {
      await action(draft);
      return true;
    } catch (e) {
      const split = splitServerError(rawErrorMessage(e), fields, locale);
      setServer(split.fields);
      for (const line of split.other) toast.show('error', line);
      if (Object.keys(split.fields).length) focusFirstInvalid();
      return false;
    } finally {
      setBusy(false);
    }
  };

  const reset = (d: D) => {
    setDraft(d);
    setTried(false);
    setServer({});
  };

  return { draft, set, setDraft, error, issues, tried, busy, submit, reset, formRef, server };
}
