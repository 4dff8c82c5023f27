// The block settings side panel. The form is generated from the block kind's zod options schema
// and its field metadata (form-model.ts); every edit emits the whole new options object, valid or
// not (drafts may be incomplete), and the schema's issues are shown under the fields they concern.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type JSX, type KeyboardEvent } from 'react';
import type { FlowDocument } from '../../../../blocks/flow.js';
import { blockSchemas } from '../../../../blocks/schemas.js';
import { localizeSchemaMessage } from '../../../../blocks/schema-messages.js';
import { AlertIcon, ChevronRightIcon, CloseIcon, IconButton, Menu } from '../../../ui/index.js';
import { fmt, useLocale, useTexts } from '../../i18n.js';
import { FormContext, type FormContextValue, type VariableRef } from './context.js';
import { NodeList, NodeView } from './FormFields.js';
import { collectAnchors, describePath, getIn, mapIssues, newItemId, setIn, walkSchema, type Path } from './form-model.js';
import { RETRY_FIELDS, retrySection, visibilityFor } from './overrides.js';
import { texts } from './texts.js';
import { zodMessages } from '../../zod-messages.js';
import './settings.css';

export interface BlockSettingsProps {
  block: { id: string; kind: string; options: unknown };
  /** Variables, and groups for the Jump target picker. */
  doc: FlowDocument;
  /** The whole new options object, on every edit. */
  onChange(options: unknown): void;
  /** Adds a variable to the flow, returns its id. */
  onCreateVariable(name: string): string;
  onClose(): void;
}

/** zod's own messages ("expected a number") in the editor's language; schema messages stay as written. */

export function BlockSettings(props: BlockSettingsProps): JSX.Element {
  const { block, onClose } = props;
  const t = useTexts(texts);
  const locale = useLocale();
  const titleId = useId();
  const panel = useRef<HTMLElement | null>(null);
  const schema = blockSchemas[block.kind];

  // Esc closes the panel from inside it (widgets that use Esc themselves prevent the default),
  // and from the page when nothing else has the focus.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      onClose();
    }
  };
  useEffect(() => {
    const onDocKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const active = document.activeElement;
      if (!active || active === document.body) onClose();
    };
    document.addEventListener('keydown', onDocKey);
    return () => document.removeEventListener('keydown', onDocKey);
  }, [onClose]);

  return (
    <aside ref={panel} className="bs-panel" aria-labelledby={titleId} onKeyDown={onKeyDown} data-kind={block.kind}>
      {schema ? (
        <SettingsForm key={block.id} {...props} titleId={titleId} />
      ) : (
        <>
          <header className="bs-header">
            <div className="bs-header__icon" aria-hidden="true">
              ?
            </div>
            <div className="bs-header__titles">
              <h2 id={titleId} className="bs-header__title">
                {t.panelLabel}
              </h2>
            </div>
            <IconButton label={t.closeHint} onClick={onClose}>
              <CloseIcon size={18} />
            </IconButton>
          </header>
          <div className="bs-body">
            <p className="bs-note">{fmt(t.unknownKind, { kind: block.kind })}</p>
          </div>
        </>
      )}
    </aside>
  );
}

function SettingsForm({ block, doc, onChange, onCreateVariable, onClose, titleId }: BlockSettingsProps & { titleId: string }) {
  const t = useTexts(texts);
  const locale = useLocale();
  const schema = blockSchemas[block.kind]!;
  const root = useMemo(() => walkSchema(schema.options), [schema]);
  const visibleFor = useMemo(() => visibilityFor(block.kind), [block.kind]);

  // The draft: follows the prop, but edits apply at once even before the parent re-renders.
  const [value, setValue] = useState<unknown>(block.options);
  const current = useRef<unknown>(block.options);
  const emitted = useRef<unknown>(block.options);
  useEffect(() => {
    if (block.options !== emitted.current) {
      current.current = block.options;
      emitted.current = block.options;
      setValue(block.options);
    }
  }, [block.options]);

  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const emit = useCallback((next: unknown) => {
    current.current = next;
    emitted.current = next;
    setValue(next);
    onChangeRef.current(next);
  }, []);
  const set = useCallback((path: Path, v: unknown) => emit(setIn(current.current ?? {}, path, v)), [emit]);

  // Variables created here show their name at once, before `doc` comes back with them.
  const [created, setCreated] = useState<VariableRef[]>([]);
  const variables = useMemo(() => {
    const ids = new Set(doc.variables.map((v) => v.id));
    return [...doc.variables, ...created.filter((v) => !ids.has(v.id))];
  }, [doc.variables, created]);
  const createRef = useRef(onCreateVariable);
  createRef.current = onCreateVariable;
  const createVariable = useCallback((name: string) => {
    const id = createRef.current(name);
    setCreated((c) => [...c, { id, name }]);
    return id;
  }, []);

  const parsed = useMemo(() => schema.options.safeParse(value ?? {}, { error: zodMessages[locale] }), [schema, value, locale]);
  const visible = useCallback((path: Path) => visibleFor(path, value), [visibleFor, value]);
  const anchors = useMemo(() => collectAnchors(root, value, visibleFor), [root, value, visibleFor]);
  const issueList = useMemo(
    () =>
      parsed.success
        ? []
        : parsed.error.issues.map((i) =>
            // A value left empty reads "Required", not "expected number, received undefined".
            // The schemas' own messages are English; zod's generic ones already follow the locale.
            i.code === 'invalid_type' && getIn(value, i.path as Path) === undefined
              ? { ...i, message: t.required }
              : { ...i, message: localizeSchemaMessage(i.message, locale) },
          ),
    [parsed, value, t, locale],
  );
  const issues = useMemo(() => mapIssues(issueList, anchors), [issueList, anchors]);
  const count = parsed.success ? 0 : parsed.error.issues.length;
  const rootIssues = issues.get('') ?? [];

  const ctx = useMemo<FormContextValue>(
    () => ({
      locale,
      t,
      doc,
      blockId: block.id,
      kind: block.kind,
      value,
      set,
      issues,
      visible,
      variables,
      variableName: (id) => variables.find((v) => v.id === id)?.name,
      createVariable,
    }),
    [locale, t, doc, block.id, block.kind, value, set, issues, visible, variables, createVariable],
  );

  const fields = root.fields ?? [];
  const retry = schema.isInput ? fields.filter((f) => RETRY_FIELDS.includes(f.key!)) : [];
  const main = fields.filter((f) => !retry.includes(f));
  const retryInUse = retry.some((f) => {
    const v = (value as Record<string, unknown> | undefined)?.[f.key!];
    return (v !== undefined && v !== '') || issues.has(f.key!);
  });

  return (
    <FormContext.Provider value={ctx}>
      <header className="bs-header">
        <div className="bs-header__icon" aria-hidden="true">
          {schema.icon}
        </div>
        <div className="bs-header__titles">
          <h2 id={titleId} className="bs-header__title">
            {schema.label[locale]}
          </h2>
          <div className="bs-header__sub">
            <span className={['bs-status', count ? 'bs-status--error' : 'bs-status--ok'].join(' ')} role="status">
              {count ? (
                <>
                  <AlertIcon size={12} />
                  {count === 1 ? t.problem : fmt(t.problems, { n: count })}
                </>
              ) : (
                t.allGood
              )}
            </span>
          </div>
        </div>
        <Menu
          label={t.more}
          size="md"
          items={[{ label: t.resetDefaults, onSelect: () => emit(schema.defaults(newItemId)) }]}
        />
        <IconButton label={t.closeHint} onClick={onClose}>
          <CloseIcon size={18} />
        </IconButton>
      </header>
      <div className="bs-body">
        {rootIssues.length ? (
          <div className="bs-alert" role="note">
            <AlertIcon size={16} />
            <div>
              <p className="bs-alert__title">{t.otherProblems}</p>
              <ul>
                {rootIssues.map((i, k) => (
                  <li key={k}>{i.path.length ? `${describePath(root, i.path, locale)}: ${i.message}` : i.message}</li>
                ))}
              </ul>
            </div>
          </div>
        ) : null}
        {fields.length === 0 ? <p className="bs-note bs-note--empty">{t.noSettings}</p> : null}
        <NodeList nodes={main} base={[]} />
        {retry.length ? <RetrySection open={retryInUse} title={retrySection[locale]} nodes={retry} /> : null}
      </div>
    </FormContext.Provider>
  );
}

function RetrySection({ open, title, nodes }: { open: boolean; title: string; nodes: ReturnType<typeof walkSchema>[] }) {
  const [expanded, setExpanded] = useState(open);
  const id = useId();
  const shown = expanded || open;
  return (
    <section className="bs-section">
      <button type="button" className="bs-section__toggle" aria-expanded={shown} aria-controls={id} onClick={() => setExpanded(!shown)}>
        <ChevronRightIcon size={15} className="bs-disclosure__chevron" />
        {title}
      </button>
      {shown ? (
        <div id={id} className="bs-section__body">
          {nodes.map((n) => (
            <NodeView key={n.key!} node={n} path={[n.key!]} />
          ))}
        </div>
      ) : null}
    </section>
  );
}
