// The generated form: one component per form node, chosen by its widget. Custom widgets
// (variables, templates, conditions, jump targets, media) live in their own files.
import { useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Localized } from '../../../../blocks/contract.js';
import {
  ArrowDownIcon,
  ArrowUpIcon,
  Button,
  ChevronRightIcon,
  CopyIcon,
  Field,
  IconButton,
  NumberInput,
  PlusIcon,
  Select,
  Switch,
  TextArea,
  TextInput,
  TrashIcon,
} from '../../../ui/index.js';
import { fmt, type Locale } from '../../i18n.js';
import { ConditionsEditor } from './ConditionsEditor.js';
import { useForm } from './context.js';
import { JumpTarget } from './JumpTarget.js';
import { MediaInput } from './MediaInput.js';
import { AgentPicker, DepartmentPicker } from './PeoplePickers.js';
import { ContactFieldPicker } from './ContactFieldPicker.js';
import { TemplateInput } from './TemplateInput.js';
import { VariablePicker } from './VariablePicker.js';
import {
  defaultValueFor,
  getIn,
  issuesUnder,
  labelOf,
  moveItem,
  newItemId,
  pathKey,
  removeAt,
  variantValue,
  withFreshIds,
  type FormNode,
  type Path,
} from './form-model.js';
import { ItemIndex } from './item-index.js';
import { isNeeded, itemNoun } from './overrides.js';

const localized = (l: Localized | undefined, locale: Locale) => l?.[locale];

/** Whether the author may leave the field empty (shown as "optional" beside the label). */
function emptyAllowed(node: FormNode): boolean {
  if (node.widget === 'switch' || node.type === 'boolean' || node.type === 'array' || node.type === 'object') return false;
  if (node.optional && !node.hasDefault) return true;
  return node.hasDefault && node.defaultValue === '' && !node.minLength;
}

function useIssuesAt(path: Path): string[] {
  const { issues } = useForm();
  return (issues.get(pathKey(path)) ?? []).map((i) => i.message);
}

/** Draws one node, or nothing when it is hidden by its metadata or by the kind's rules. */
export function NodeView({ node, path }: { node: FormNode; path: Path }) {
  const { visible } = useForm();
  if (node.widget === 'hidden') return null;
  if (path.length && node.key !== null && !visible(path)) return null;
  switch (node.widget) {
    case 'text':
    case 'textarea':
    case 'number':
    case 'switch':
    case 'select':
    case 'template':
    case 'variable':
      return <ScalarField node={node} path={path} />;
    case 'items':
      return node.type === 'array' ? <ListField node={node} path={path} /> : <Unsupported node={node} path={path} />;
    case 'checkboxes':
      return node.type === 'array' && node.item?.type === 'enum' ? <CheckboxesField node={node} path={path} /> : <Unsupported node={node} path={path} />;
    case 'union':
      return <UnionField node={node} path={path} />;
    case 'object':
      return <ObjectField node={node} path={path} />;
    case 'conditions':
      return <CustomField node={node} path={path} widget={<ConditionsEditor node={node} path={path} />} />;
    case 'target':
      return <CustomField node={node} path={path} widget={<JumpTarget node={node} path={path} />} />;
    case 'media':
      return <CustomField node={node} path={path} widget={<MediaInput node={node} path={path} />} />;
    case 'department':
      return <DepartmentPicker node={node} path={path} />;
    case 'agent':
      return <AgentPicker node={node} path={path} />;
    case 'contact-field':
      return <ContactFieldPicker node={node} path={path} />;
    default:
      return <Unsupported node={node} path={path} />;
  }
}

/** Several nodes of one object, in schema order. */
export function NodeList({ nodes, base }: { nodes: readonly FormNode[]; base: Path }) {
  return (
    <>
      {nodes.map((f) => (
        <NodeView key={f.key ?? ''} node={f} path={[...base, f.key!]} />
      ))}
    </>
  );
}

function Unsupported({ node, path }: { node: FormNode; path: Path }) {
  const { t, locale } = useForm();
  const errors = useIssuesAt(path);
  return (
    <Field label={labelOf(node, locale)} error={errors} group>
      <p className="bs-note">{t.unsupported}</p>
    </Field>
  );
}

/** A widget that draws its own parts and errors inside a labelled group. */
function CustomField({ node, path, widget }: { node: FormNode; path: Path; widget: ReactNode }) {
  const { locale } = useForm();
  return (
    <Field label={labelOf(node, locale)} help={localized(node.meta.help, locale)} group className={`bs-field bs-field--${node.widget}`}>
      {widget}
    </Field>
  );
}

function ScalarField({ node, path }: { node: FormNode; path: Path }) {
  const { t, locale, kind, value: root, set } = useForm();
  const itemIndex = useContext(ItemIndex);
  const errors = useIssuesAt(path);
  const raw = getIn(root, path);
  const label = labelOf(node, locale);
  const help = itemIndex > 0 ? undefined : localized(node.meta.help, locale);
  const placeholder = localized(node.meta.placeholder, locale);
  const hint = emptyAllowed(node) && !isNeeded(kind, path) ? t.optional : undefined;
  const writeString = (v: string) => set(path, v === '' && node.optional && !node.hasDefault ? undefined : v);

  switch (node.widget) {
    case 'switch': {
      const checked = typeof raw === 'boolean' ? raw : node.defaultValue === true;
      return (
        <Field label={label} help={help} error={errors} layout="inline" className="bs-field">
          <Switch checked={checked} onChange={(v) => set(path, v)} />
        </Field>
      );
    }
    case 'number': {
      const value = typeof raw === 'number' ? raw : typeof node.defaultValue === 'number' ? node.defaultValue : undefined;
      return (
        <Field label={label} help={help} error={errors} hint={hint} className="bs-field">
          <NumberInput
            className="bs-number"
            value={value}
            min={node.min}
            max={node.max}
            integer={node.int}
            placeholder={placeholder}
            onChange={(n) => set(path, n)}
          />
        </Field>
      );
    }
    case 'select': {
      const values = node.values ?? Object.keys(node.meta.options ?? {});
      const options = values.map((v) => ({ value: v, label: node.meta.options?.[v]?.[locale] ?? v }));
      const current = typeof raw === 'string' ? raw : typeof node.defaultValue === 'string' ? node.defaultValue : '';
      return (
        <Field label={label} help={help} error={errors} hint={hint} className="bs-field">
          <Select
            value={current}
            options={options}
            placeholder={node.optional && !node.hasDefault ? '—' : undefined}
            onChange={(v) => set(path, v === '' ? undefined : v)}
          />
        </Field>
      );
    }
    case 'variable':
      return (
        <Field label={label} help={help} error={errors} hint={hint} className="bs-field">
          <VariablePicker
            value={typeof raw === 'string' && raw ? raw : undefined}
            clearable={node.optional}
            placeholder={placeholder}
            onChange={(id) => set(path, id ?? (node.optional ? undefined : ''))}
          />
        </Field>
      );
    case 'template': {
      const key = node.key ?? '';
      const singleLine = (node.maxLength !== undefined && node.maxLength <= 300) || /url$/i.test(key);
      return (
        <Field label={label} help={help} error={errors} hint={hint} className="bs-field">
          <TemplateInput
            value={typeof raw === 'string' ? raw : ''}
            placeholder={placeholder}
            singleLine={singleLine}
            showHint={!singleLine}
            minRows={singleLine ? 1 : key === 'text' ? 4 : 2}
            maxLength={node.maxLength}
            onChange={writeString}
          />
        </Field>
      );
    }
    case 'textarea':
      return (
        <Field label={label} help={help} error={errors} hint={hint} className="bs-field">
          <TextArea
            className={node.key === 'expression' ? 'bs-mono' : undefined}
            value={typeof raw === 'string' ? raw : ''}
            placeholder={placeholder}
            minRows={2}
            spellCheck={node.key === 'expression' ? false : undefined}
            onChange={writeString}
          />
        </Field>
      );
    default:
      return (
        <Field label={label} help={help} error={errors} hint={hint} className="bs-field">
          <TextInput value={typeof raw === 'string' ? raw : ''} placeholder={placeholder} onChange={writeString} spellCheck={false} />
        </Field>
      );
  }
}

/** Several values of an enum, one checkbox each, kept in the enum's order. */
function CheckboxesField({ node, path }: { node: FormNode; path: Path }) {
  const { locale, value: root, set } = useForm();
  const errors = useIssuesAt(path);
  const raw = getIn(root, path);
  const values = node.item?.values ?? [];
  const chosen = new Set((Array.isArray(raw) ? raw : Array.isArray(node.defaultValue) ? node.defaultValue : []).map(String));
  const toggle = (v: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(v);
    else next.delete(v);
    set(path, values.filter((x) => next.has(x)));
  };
  return (
    <Field label={labelOf(node, locale)} help={localized(node.meta.help, locale)} error={errors} group className="bs-field bs-field--checkboxes">
      <div className="bs-checks">
        {values.map((v) => (
          <label key={v} className="bs-check">
            <input type="checkbox" checked={chosen.has(v)} onChange={(e) => toggle(v, e.target.checked)} />
            <span>{node.meta.options?.[v]?.[locale] ?? v}</span>
          </label>
        ))}
      </div>
    </Field>
  );
}

/** A discriminated union: a select of its branches, then the chosen branch's fields. */
function UnionField({ node, path }: { node: FormNode; path: Path }) {
  const { locale, value: root, set } = useForm();
  const errors = useIssuesAt(path);
  const raw = getIn(root, path) as Record<string, unknown> | undefined;
  const disc = node.discriminator!;
  const branch = typeof raw?.[disc] === 'string' ? (raw[disc] as string) : '';
  const variant = node.variants?.find((v) => v.value === branch);
  const options = (node.variants ?? []).map((v) => ({ value: v.value, label: v.label?.[locale] ?? v.value }));
  const visibleFields = (variant?.fields ?? []).filter((f) => f.widget !== 'hidden');
  return (
    <div className="bs-union">
      <Field label={labelOf(node, locale)} help={localized(node.meta.help, locale)} error={errors} className="bs-field">
        <Select value={branch} options={options} placeholder={branch ? undefined : '—'} onChange={(v) => set(path, variantValue(node, v, raw))} />
      </Field>
      {visibleFields.length ? (
        <div className="bs-branch">
          <NodeList nodes={variant!.fields} base={path} />
        </div>
      ) : null}
    </div>
  );
}

/**
 * A nested object. One with an `enabled` switch (a display condition) is a section the switch
 * opens: off removes it (or keeps it disabled when what was typed is valid), on fills it in.
 */
function ObjectField({ node, path }: { node: FormNode; path: Path }) {
  const { locale, value: root, set } = useForm();
  const errors = useIssuesAt(path);
  const raw = getIn(root, path) as Record<string, unknown> | undefined;
  const fields = node.fields ?? [];
  const enabledNode = fields.find((f) => f.key === 'enabled' && f.type === 'boolean');
  const label = labelOf(node, locale);
  const help = localized(node.meta.help, locale);

  if (enabledNode) {
    const on = !!raw && (typeof raw.enabled === 'boolean' ? raw.enabled : enabledNode.defaultValue !== false);
    const toggle = (next: boolean) => {
      if (next) {
        const base = raw ?? (defaultValueFor(node, newItemId, true) as Record<string, unknown>);
        set(path, { ...base, enabled: true });
      } else if (raw) {
        const off = { ...raw, enabled: false };
        set(path, node.schema?.safeParse(off).success ? off : undefined);
      }
    };
    const rest = fields.filter((f) => f !== enabledNode);
    return (
      <div className={['bs-toggle-section', on ? 'is-on' : ''].filter(Boolean).join(' ')}>
        <Field label={labelOf(enabledNode, locale)} help={help} error={errors} layout="inline" className="bs-field">
          <Switch checked={on} onChange={toggle} />
        </Field>
        {on ? (
          <div className="bs-toggle-section__body">
            <NodeList nodes={rest} base={path} />
          </div>
        ) : null}
      </div>
    );
  }
  return (
    <fieldset className="bs-fieldset">
      <legend className="bs-fieldset__legend">{label}</legend>
      {help ? <p className="ui-field__help">{help}</p> : null}
      {errors.map((m, i) => (
        <p key={i} className="ui-field__error">
          {m}
        </p>
      ))}
      <NodeList nodes={fields} base={path} />
    </fieldset>
  );
}

/** A list editor: add, remove, duplicate, reorder; each item's fields in a card. */
function ListField({ node, path }: { node: FormNode; path: Path }) {
  const { t, locale, kind, value: root, set, issues } = useForm();
  const errors = useIssuesAt(path);
  const raw = getIn(root, path);
  const list: unknown[] = Array.isArray(raw) ? raw : Array.isArray(node.defaultValue) ? node.defaultValue : [];
  const item = node.item!;
  const noun = itemNoun(kind, path)?.[locale];
  const label = labelOf(node, locale);
  const listRef = useRef<HTMLOListElement | null>(null);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const atMax = node.maxItems !== undefined && list.length >= node.maxItems;
  const atMin = node.minItems !== undefined && list.length <= node.minItems;

  useEffect(() => {
    if (focusIndex === null) return;
    const card = listRef.current?.querySelectorAll<HTMLElement>(':scope > li')[focusIndex];
    card?.scrollIntoView({ block: 'nearest' });
    card?.querySelector<HTMLElement>('input:not([type=hidden]), textarea, select, [role=combobox]')?.focus();
    setFocusIndex(null);
  }, [focusIndex]);

  const write = (next: unknown[]) => set(path, next);
  const title = (i: number) => (noun ? `${noun[0].toUpperCase()}${noun.slice(1)} ${i + 1}` : fmt(t.itemNumber, { n: i + 1 }));

  return (
    <Field
      label={label}
      help={localized(node.meta.help, locale)}
      error={errors}
      group
      className="bs-field bs-field--list"
      hint={node.maxItems !== undefined && list.length >= Math.min(node.maxItems, 10) ? `${list.length}/${node.maxItems}` : undefined}
    >
      {list.length === 0 ? <p className="bs-note bs-note--empty">{t.emptyList}</p> : null}
      <ol className="bs-list" ref={listRef}>
        {list.map((value, i) => {
          const key = value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : `i${i}`;
          const itemPath = [...path, i];
          const itemErrors = (issues.get(pathKey(itemPath)) ?? []).map((x) => x.message);
          const hasIssues = issuesUnder(issues, itemPath).length > 0;
          return (
            <li key={key} className={['bs-card', hasIssues ? 'has-error' : ''].filter(Boolean).join(' ')} aria-label={title(i)}>
              <div className="bs-card__head">
                <span className="bs-card__title">{title(i)}</span>
                <div className="bs-card__actions">
                  <IconButton size="sm" label={t.moveUp} disabled={i === 0} onClick={() => write(moveItem(list, i, i - 1))}>
                    <ArrowUpIcon size={15} />
                  </IconButton>
                  <IconButton size="sm" label={t.moveDown} disabled={i === list.length - 1} onClick={() => write(moveItem(list, i, i + 1))}>
                    <ArrowDownIcon size={15} />
                  </IconButton>
                  <IconButton
                    size="sm"
                    label={t.duplicate}
                    disabled={atMax}
                    onClick={() => {
                      write([...list.slice(0, i + 1), withFreshIds(value), ...list.slice(i + 1)]);
                      setFocusIndex(i + 1);
                    }}
                  >
                    <CopyIcon size={15} />
                  </IconButton>
                  <IconButton size="sm" variant="danger" label={t.remove} disabled={atMin} onClick={() => write(removeAt(list, i))}>
                    <TrashIcon size={15} />
                  </IconButton>
                </div>
              </div>
              {itemErrors.map((m, k) => (
                <p key={k} className="ui-field__error">
                  {m}
                </p>
              ))}
              <ItemIndex.Provider value={i}>
                <ItemBody node={item} path={itemPath} />
              </ItemIndex.Provider>
            </li>
          );
        })}
      </ol>
      <Button
        size="sm"
        variant="secondary"
        icon={<PlusIcon size={15} />}
        className="bs-add"
        disabled={atMax}
        onClick={() => {
          write([...list, defaultValueFor(item, newItemId, true)]);
          setFocusIndex(list.length);
        }}
      >
        {noun ? fmt(t.addItem, { what: noun }) : t.add}
      </Button>
      {atMax && node.maxItems !== undefined ? <p className="ui-field__help">{fmt(t.atMost, { n: node.maxItems })}</p> : null}
    </Field>
  );
}

/** An item's fields: the required ones first; optional ones behind "More settings" unless in use. */
function ItemBody({ node, path }: { node: FormNode; path: Path }) {
  const { t, value: root, issues, visible } = useForm();
  const id = useId();
  const fields = (node.fields ?? []).filter((f) => f.widget !== 'hidden' && visible([...path, f.key!]));
  const primary = fields.filter((f) => !f.optional || f.hasDefault);
  const secondary = fields.filter((f) => f.optional && !f.hasDefault);
  const inUse = secondary.some((f) => {
    const v = getIn(root, [...path, f.key!]);
    return (v !== undefined && v !== '') || issuesUnder(issues, [...path, f.key!]).length > 0;
  });
  const [open, setOpen] = useState(inUse);
  if (node.type !== 'object') return <NodeView node={node} path={path} />;
  const showSecondary = open || inUse;
  return (
    <div className="bs-card__body">
      <NodeList nodes={primary} base={path} />
      {secondary.length ? (
        <>
          {!inUse ? (
            <button type="button" className="bs-disclosure" aria-expanded={showSecondary} aria-controls={id} onClick={() => setOpen(!open)}>
              <ChevronRightIcon size={14} className="bs-disclosure__chevron" />
              {showSecondary ? t.fewerOptions : t.moreOptions}
            </button>
          ) : null}
          {showSecondary ? (
            <div id={id} className="bs-card__more">
              <NodeList nodes={secondary} base={path} />
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
