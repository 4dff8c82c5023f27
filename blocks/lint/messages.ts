// How the linter names things to an author, in both languages: a block by its label and place,
// a group by its title, an option field by the labels its settings form shows.
import type { Localized } from '../contract.js';
import type { Group } from '../flow.js';
import { defOf, labelOfField, unwrap } from '../shared/schema-meta.js';
import type { BlockInfo } from './flow-index.js';

export function msg(en: string, pt: string): Localized {
  return { en, 'pt-BR': pt };
}

export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function groupTitle(g: Group): string {
  return (g.title ?? '').trim() || g.id;
}

function blockLabel(info: BlockInfo): Localized {
  return info.def?.label ?? { en: info.block.kind, 'pt-BR': info.block.kind };
}

/** "the Buttons block (#2 in group "Menu")" / "o bloco Botões (nº 2 do grupo "Menu")". */
export function blockRef(info: BlockInfo): Localized {
  const label = blockLabel(info);
  const g = groupTitle(info.group);
  return {
    en: `the ${label.en} block (#${info.bi + 1} in group "${g}")`,
    'pt-BR': `o bloco ${label['pt-BR']} (nº ${info.bi + 1} do grupo "${g}")`,
  };
}

/** Where a block problem points: its group and the block itself. */
export const at = (info: BlockInfo) => ({ groupId: info.group.id, blockId: info.block.id });

/** The label of the option field at `path`, as the settings form shows it, e.g. "Options › #2 › Option". */
export function fieldLabel(schema: unknown, path: readonly PropertyKey[]): Localized | null {
  const en: string[] = [];
  const pt: string[] = [];
  let s: unknown = schema;
  for (const p of path) {
    const def = defOf(unwrap(s));
    if (!def) return null;
    if (typeof p === 'number' && def.type === 'array') {
      en.push(`#${p + 1}`);
      pt.push(`nº ${p + 1}`);
      s = def.element;
      continue;
    }
    if (typeof p === 'string') {
      let field: unknown;
      if (def.type === 'object') field = def.shape?.[p];
      else if (def.type === 'union') {
        for (const o of def.options ?? []) {
          const shape = defOf(unwrap(o))?.shape;
          if (shape?.[p]) {
            field = shape[p];
            break;
          }
        }
      }
      if (!field) return null;
      const label = labelOfField(field);
      if (label) {
        en.push(label.en);
        pt.push(label['pt-BR']);
      }
      s = field;
      continue;
    }
    return null;
  }
  if (!en.length) return null;
  return { en: en.join(' › '), 'pt-BR': pt.join(' › ') };
}
