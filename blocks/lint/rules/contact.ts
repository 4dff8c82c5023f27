// The Contact block: rows missing half of their pair, a block that does nothing, and a load
// whose "known" path leads nowhere (it would ask what the contact already answered).
import { KNOWN_ITEM } from '../../contact/schema.js';
import { at, blockRef, cap, msg } from '../messages.js';
import type { BlockRule, Problem } from '../problem.js';

export const contactBlock: BlockRule = {
  scope: 'block',
  check(info, { itemEdges }) {
    if (info.block.kind !== 'contact' || info.issues) return [];
    const o = info.options as { mode: 'load' | 'save'; mappings: { field: string; variableId?: string }[]; addTags: string };
    const ref = blockRef(info);
    const out: Problem[] = [];
    o.mappings.forEach((m, i) => {
      if (m.field && m.variableId) return;
      const n = i + 1;
      out.push({
        severity: 'error',
        code: 'contact-mapping-incomplete',
        message: m.field
          ? msg(`${cap(ref.en)}: field #${n} has no variable; choose one.`, `${cap(ref['pt-BR'])}: o campo nº ${n} não tem variável; escolha uma.`)
          : msg(`${cap(ref.en)}: field #${n} has no contact field; choose one.`, `${cap(ref['pt-BR'])}: o campo nº ${n} não tem campo do contato; escolha um.`),
        ...at(info),
      });
    });
    const nothing = o.mappings.length === 0 && (o.mode === 'load' || !o.addTags.trim());
    if (nothing) {
      out.push({
        severity: 'warning',
        code: 'contact-nothing',
        message: msg(`${cap(ref.en)} has no fields: it does nothing. Add the fields to ${o.mode === 'load' ? 'load' : 'save'}.`, `${cap(ref['pt-BR'])} não tem campos: não faz nada. Adicione os campos a ${o.mode === 'load' ? 'carregar' : 'salvar'}.`),
        ...at(info),
      });
    }
    if (o.mode === 'load' && !nothing && !itemEdges.get(info.block.id)?.has(KNOWN_ITEM)) {
      out.push({
        severity: 'warning',
        code: 'contact-known-unconnected',
        message: msg(
          `${cap(ref.en)} has no "known" path: a returning contact would be asked again. Connect "known" to where the flow goes on when every value is already there.`,
          `${cap(ref['pt-BR'])} não tem caminho "conhecido": um contato que volta seria perguntado de novo. Conecte "conhecido" ao ponto em que o fluxo segue quando todos os valores já existem.`,
        ),
        ...at(info),
      });
    }
    return out;
  },
};
