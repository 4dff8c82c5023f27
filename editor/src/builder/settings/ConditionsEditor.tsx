// A condition group (blocks/shared/conditions.ts): rows of [variable] [operator] [value], joined
// by AND or OR. The value is a template and is hidden for "is set" / "is empty".
import { operatorLabels, operators, type Operator } from '../../../../blocks/shared/conditions.js';
import { Button, IconButton, PlusIcon, SegmentedControl, Select, TrashIcon } from '../../../ui/index.js';
import { fmt } from '../../i18n.js';
import { useContext } from 'react';
import { useForm } from './context.js';
import { ItemIndex } from './item-index.js';
import { TemplateInput } from './TemplateInput.js';
import { VariablePicker } from './VariablePicker.js';
import { defaultValueFor, issuesUnder, labelOf, newItemId, pathKey, removeAt, type FormNode, type Path } from './form-model.js';

interface ComparisonDraft {
  id?: string;
  variableId?: string;
  operator?: string;
  value?: string;
}
interface GroupDraft {
  logicalOperator?: 'and' | 'or';
  comparisons?: ComparisonDraft[];
}

const NO_VALUE = new Set(['is_set', 'is_empty']);

/** A new comparison from the schema (fresh id, "is equal to", empty value). */
function newComparison(node: FormNode): ComparisonDraft {
  const item = node.fields?.find((f) => f.key === 'comparisons')?.item;
  return item ? (defaultValueFor(item, newItemId, true) as ComparisonDraft) : { id: newItemId(), variableId: '', operator: 'equal', value: '' };
}

export function ConditionsEditor({ node, path }: { node: FormNode; path: Path }) {
  const { t, locale, value: root, set, issues } = useForm();
  const itemIndex = useContext(ItemIndex);
  const group = ((): GroupDraft => {
    let cur: unknown = root;
    for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[p] : undefined;
    return (cur && typeof cur === 'object' ? cur : {}) as GroupDraft;
  })();
  const comparisons = group.comparisons ?? [];
  const logical = group.logicalOperator ?? 'and';
  const field = (key: string) => node.fields?.find((f) => f.key === key);
  const compItem = field('comparisons')?.item;
  const sub = (key: string) => compItem?.fields?.find((f) => f.key === key);
  const logicalNode = field('logicalOperator');

  const all = issuesUnder(issues, path);
  const base = pathKey(path);
  const rowIssues = (i: number, key?: string) =>
    all
      .filter((x) => {
        const k = pathKey(x.path);
        const row = `${base}.comparisons.${i}`;
        return key ? k === `${row}.${key}` : k === row || (k.startsWith(`${row}.`) && !['variableId', 'operator', 'value'].some((f) => k === `${row}.${f}`));
      })
      .map((x) => x.message);
  const groupIssues = all.filter((x) => !pathKey(x.path).startsWith(`${base}.comparisons.`)).map((x) => x.message);

  const setGroup = (next: GroupDraft) => set(path, next);
  const setRow = (i: number, patch: ComparisonDraft) => {
    const rows = comparisons.map((c, j) => (j === i ? { ...c, ...patch } : c));
    setGroup({ ...group, comparisons: rows });
  };
  const operatorOptions = operators.map((op) => ({ value: op, label: operatorLabels[op][locale] }));
  const joiner = logical === 'or' ? t.or : t.and;
  const labelFor = (key: string, fallback: string) => {
    const n = sub(key);
    return n ? labelOf(n, locale) : fallback;
  };

  return (
    <div className="bs-cond">
      {comparisons.length > 1 ? (
        <div className="bs-cond__combine">
          <span className="bs-cond__combine-label" id={`${base}-combine`}>
            {logicalNode ? labelOf(logicalNode, locale) : ''}
          </span>
          <SegmentedControl
            size="sm"
            aria-label={logicalNode ? labelOf(logicalNode, locale) : 'AND / OR'}
            value={logical}
            onChange={(v) => setGroup({ ...group, logicalOperator: v })}
            options={[
              { value: 'and', label: logicalNode?.meta.options?.and?.[locale] ?? t.and },
              { value: 'or', label: logicalNode?.meta.options?.or?.[locale] ?? t.or },
            ]}
          />
        </div>
      ) : null}
      <ol className="bs-cond__rows">
        {comparisons.map((c, i) => {
          const op = (c.operator ?? 'equal') as Operator;
          const varErr = rowIssues(i, 'variableId');
          const opErr = rowIssues(i, 'operator');
          const valErr = rowIssues(i, 'value');
          const other = rowIssues(i);
          const errors = [...varErr, ...opErr, ...valErr, ...other];
          return (
            <li key={c.id ?? i} className="bs-cond__item">
              {i > 0 ? (
                <div className="bs-cond__joiner" aria-hidden="true">
                  <span>{joiner}</span>
                </div>
              ) : null}
              <div className={['bs-cond__row', errors.length ? 'has-error' : ''].filter(Boolean).join(' ')} aria-label={fmt(t.comparison, { n: i + 1 })} role="group">
                <div className="bs-cond__line">
                  <div className="bs-cond__var">
                    <VariablePicker
                      size="sm"
                      aria-label={labelFor('variableId', t.variable)}
                      aria-invalid={varErr.length > 0 || undefined}
                      value={c.variableId || undefined}
                      onChange={(id) => setRow(i, { variableId: id ?? '' })}
                    />
                  </div>
                  <IconButton
                    size="sm"
                    variant="danger"
                    label={t.removeComparison}
                    disabled={comparisons.length <= 1}
                    onClick={() => setGroup({ ...group, comparisons: removeAt(comparisons, i) })}
                  >
                    <TrashIcon size={15} />
                  </IconButton>
                </div>
                <div className="bs-cond__line bs-cond__line--stack">
                  <Select
                    size="sm"
                    className="bs-cond__op"
                    aria-label={labelFor('operator', 'Operator')}
                    aria-invalid={opErr.length > 0 || undefined}
                    value={op}
                    options={operatorOptions}
                    onChange={(v) => setRow(i, { operator: v })}
                  />
                  {NO_VALUE.has(op) ? null : (
                    <div className="bs-cond__value">
                      <TemplateInput
                        size="sm"
                        singleLine
                        showHint={false}
                        aria-label={labelFor('value', 'Value')}
                        aria-invalid={valErr.length > 0 || undefined}
                        placeholder={sub('value')?.meta.placeholder?.[locale]}
                        value={c.value ?? ''}
                        onChange={(v) => setRow(i, { value: v })}
                      />
                    </div>
                  )}
                </div>
                <ErrorLines messages={errors} />
              </div>
            </li>
          );
        })}
      </ol>
      <Button
        size="sm"
        variant="ghost"
        icon={<PlusIcon size={15} />}
        className="bs-add"
        onClick={() => setGroup({ ...group, logicalOperator: logical, comparisons: [...comparisons, newComparison(node)] })}
      >
        {t.addComparison}
      </Button>
      {itemIndex <= 0 && comparisons.some((c) => !NO_VALUE.has(c.operator ?? 'equal')) && sub('value')?.meta.help ? (
        <p className="ui-field__help">{sub('value')!.meta.help![locale]}</p>
      ) : null}
      <ErrorLines messages={groupIssues} />
    </div>
  );
}

/** A comparison's or the group's problems, one line each; nothing when there are none. */
function ErrorLines({ messages }: { messages: readonly string[] }) {
  if (!messages.length) return null;
  return (
    <div className="bs-cond__errors">
      {messages.map((m, k) => (
        <p key={k} className="ui-field__error">
          {m}
        </p>
      ))}
    </div>
  );
}
