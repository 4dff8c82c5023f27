// One line per block card: what the block says or does, read from its options.
import type { Block, FlowDocument } from '../../../blocks/flow.js';
import type { Locale } from '../i18n.js';
import { operatorLabels, type Operator } from '../../../blocks/shared/conditions.js';
import type { BuilderTexts } from './texts.js';

export interface SummaryContext {
  locale: Locale;
  t: BuilderTexts;
  variableName(id: string | undefined): string | null;
  groupTitle(id: string | undefined): string | null;
  /** A custom field's label by its key (the Contato card); null while unknown. */
  fieldLabel?(key: string): string | null;
}

export function variableLookup(variables: FlowDocument['variables']): (id: string | undefined) => string | null {
  const byId = new Map(variables.map((v) => [v.id, v.name]));
  return (id) => (id ? (byId.get(id) ?? id) : null);
}

const oneLine = (s: unknown) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : '');

/** "5 minutos" from a Wait's amount and unit, or "" while the amount is not a number yet. */
function duration(amount: unknown, unit: unknown, t: BuilderTexts): string {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return '';
  const word = t.waitUnits[(typeof unit === 'string' && unit in t.waitUnits ? unit : 'seconds') as keyof BuilderTexts['waitUnits']];
  return `${amount} ${word(amount)}`;
}

export function summarize(block: Block, ctx: SummaryContext): string {
  const o = (block.options ?? {}) as Record<string, any>;
  const { t } = ctx;
  const saves = () => {
    const v = ctx.variableName(o.variableId);
    return v ? t.savesTo(v) : t.noVariable;
  };
  switch (block.kind) {
    case 'bubble-text':
      return oneLine(o.text) || t.emptyText;
    case 'bubble-image':
    case 'bubble-video':
    case 'bubble-audio':
    case 'bubble-document': {
      const src = o.source ?? {};
      const where = src.kind === 'file' ? oneLine(src.fileName) || oneLine(src.fileId) : oneLine(src.url);
      if (!where) return t.noFile;
      const caption = oneLine(o.caption);
      return caption ? `${caption} · ${where}` : where;
    }
    case 'input-buttons':
    case 'input-picture-choice': {
      const parts: string[] = [];
      if (o.source === 'variable') parts.push(t.listFrom(ctx.variableName(o.listVariableId) ?? '?'));
      if (o.multiple) parts.push(t.multipleChoice);
      const prompt = oneLine(o.prompt);
      if (prompt) parts.unshift(prompt);
      parts.push(saves());
      // Options are shown as rows when they branch; otherwise list them here.
      if (o.multiple && Array.isArray(o.items) && o.source !== 'variable') {
        parts.push(o.items.map((i: any) => oneLine(i.label ?? i.title)).join(' · '));
      }
      return parts.join(' · ');
    }
    case 'input-file': {
      const prompt = oneLine(o.prompt);
      return prompt ? `${prompt} · ${saves()}` : saves();
    }
    case 'set-variable': {
      const v = ctx.variableName(o.variableId) ?? '?';
      const op = o.operation ?? {};
      let what: string;
      switch (op.kind) {
        case 'template':
          what = oneLine(op.value) || '""';
          break;
        case 'expression':
          what = oneLine(op.expression);
          break;
        case 'append':
          what = `+ ${oneLine(op.value)}`;
          break;
        default:
          what = ({
            now: { en: 'now', 'pt-BR': 'agora' },
            today: { en: 'today', 'pt-BR': 'hoje' },
            contact_name: { en: 'contact name', 'pt-BR': 'nome do contato' },
            contact_phone: { en: 'contact phone', 'pt-BR': 'telefone do contato' },
            random_id: { en: 'random id', 'pt-BR': 'id aleatório' },
          } as Record<string, Record<Locale, string>>)[op.kind]?.[ctx.locale] ?? String(op.kind ?? '');
      }
      return t.setTo(v, what);
    }
    case 'condition':
      return Array.isArray(o.items) && o.items.length ? '' : t.noBranches;
    case 'jump': {
      const g = ctx.groupTitle(o.target?.groupId);
      return g ? t.jumpTo(g) : t.jumpNowhere;
    }
    case 'wait':
      return o.amount === undefined || o.amount === '' ? t.waitNoAmount : t.waitFor(duration(o.amount, o.unit, t));
    case 'end':
      return t.ends;
    case 'ab-test':
      return '';
    case 'contact': {
      const en = ctx.locale === 'en';
      const column: Record<string, string> = en ? { name: 'name', email: 'e-mail', phone: 'phone' } : { name: 'nome', email: 'e-mail', phone: 'telefone' };
      const load = o.mode !== 'save';
      const rows = (Array.isArray(o.mappings) ? o.mappings : []).map((m: any) => {
        const field = column[m.field] ?? ((m.field && ctx.fieldLabel?.(m.field)) || oneLine(m.field) || '?');
        const v = ctx.variableName(m.variableId) ?? '?';
        return load ? `${field} → ${v}` : `${v} → ${field}`;
      });
      const tags = load ? '' : oneLine(o.addTags);
      if (tags) rows.push(`${en ? 'tags' : 'etiquetas'}: ${tags}`);
      const verb = load ? (en ? 'Load' : 'Carregar') : en ? 'Save' : 'Salvar';
      return rows.length ? `${verb}: ${rows.join(', ')}` : `${verb}: ${en ? 'no fields' : 'nenhum campo'}`;
    }
    default:
      if (block.kind.startsWith('input-')) return saves();
      return '';
  }
}

/** A condition branch in words: "name is empty and age is greater than 17". */
export function describeBranch(group: any, ctx: SummaryContext): string {
  if (!group || !Array.isArray(group.comparisons)) return '';
  const joiner = group.logicalOperator === 'or' ? (ctx.locale === 'en' ? ' or ' : ' ou ') : ctx.locale === 'en' ? ' and ' : ' e ';
  return group.comparisons
    .map((c: any) => {
      const name = ctx.variableName(c.variableId) ?? '?';
      const op = operatorLabels[c.operator as Operator]?.[ctx.locale] ?? c.operator;
      return c.operator === 'is_set' || c.operator === 'is_empty' ? `${name} ${op}` : `${name} ${op} “${oneLine(c.value)}”`;
    })
    .join(joiner);
}

/** Labels of the rows that own an edge, keyed by item id, in the language of the UI. */
export function itemLabel(block: Block, item: { id: string; label: string }, ctx: SummaryContext): string {
  if (block.kind === 'condition') {
    const src = (block.options?.items ?? []).find((i: any) => i.id === item.id);
    return `${ctx.t.ifLabel} ${describeBranch(src?.group, ctx) || '…'}`;
  }
  if (block.kind === 'contact') return ctx.locale === 'en' ? 'Known' : 'Conhecido';
  return oneLine(item.label) || '…';
}
