// The Jump block's target: a group of the flow by title, then optionally a block in it.
import { blockSchemas } from '../../../../blocks/schemas.js';
import type { Block } from '../../../../blocks/flow.js';
import { Field, Select } from '../../../ui/index.js';
import { fmt, type Locale } from '../../i18n.js';
import { useForm } from './context.js';
import { getIn, issuesUnder, pathKey, type FormNode, type Path } from './form-model.js';

interface TargetDraft {
  groupId?: string;
  blockId?: string;
}

/** "2. 💬 Texto: Olá, tudo bem?" for the block list. */
export function blockCaption(block: Block, index: number, locale: Locale): string {
  const schema = blockSchemas[block.kind];
  const label = schema ? `${schema.icon} ${schema.label[locale]}` : block.kind;
  const o = (block.options ?? {}) as Record<string, unknown>;
  const text = [o.text, o.prompt].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const snippet = text ? `: ${text.replace(/\s+/g, ' ').trim().slice(0, 40)}${text.length > 40 ? '…' : ''}` : '';
  return `${index + 1}. ${label}${snippet}`;
}

export function JumpTarget({ node, path }: { node: FormNode; path: Path }) {
  const { t, locale, doc, blockId, value: root, set, issues } = useForm();
  const target = (getIn(root, path) ?? {}) as TargetDraft;
  const groupId = target.groupId ?? '';
  const group = doc.groups.find((g) => g.id === groupId);
  const all = issuesUnder(issues, path);
  const at = (key: string) => all.filter((i) => pathKey(i.path) === pathKey([...path, key])).map((i) => i.message);
  const rest = all.filter((i) => !['groupId', 'blockId'].some((k) => pathKey(i.path) === pathKey([...path, k]))).map((i) => i.message);
  const groupField = node.fields?.find((f) => f.key === 'groupId');
  const blockField = node.fields?.find((f) => f.key === 'blockId');

  const groupOptions = doc.groups.map((g, i) => ({
    value: g.id,
    label: g.title.trim() || fmt(t.untitledGroup, { n: i + 1 }),
  }));
  const blockOptions = (group?.blocks ?? []).map((b, i) => ({
    value: b.id,
    label: b.id === blockId ? `${blockCaption(b, i, locale)} (${t.thisBlock})` : blockCaption(b, i, locale),
    disabled: b.id === blockId,
  }));
  const missingGroup = !!groupId && !group;
  const missingBlock = !!group && !!target.blockId && !group.blocks.some((b) => b.id === target.blockId);

  return (
    <div className="bs-stack bs-stack--tight">
      <Field
        label={groupField?.meta.label?.[locale] ?? t.group}
        error={[...at('groupId'), missingGroup ? t.missingGroup : '', ...rest]}
        help={doc.groups.length === 0 ? t.noGroups : undefined}
      >
        <Select
          value={groupId}
          placeholder={t.chooseGroup}
          options={groupOptions}
          onChange={(v) => set(path, { groupId: v })}
        />
      </Field>
      {group ? (
        <Field label={blockField?.meta.label?.[locale] ?? t.block} error={[...at('blockId'), missingBlock ? t.missingBlock : '']}>
          <Select
            value={target.blockId ?? ''}
            options={[{ value: '', label: t.groupStart }, ...blockOptions]}
            onChange={(v) => set(path, v ? { groupId, blockId: v } : { groupId })}
          />
        </Field>
      ) : null}
    </div>
  );
}
