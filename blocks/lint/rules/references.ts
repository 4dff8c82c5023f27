// What a block refers to by name or id: variables in its templates and pickers, the department
// it hands the conversation to.
import { blockSchemaList } from '../../schemas.js';
import { fieldsWithInput } from '../../shared/schema-meta.js';
import { templateVariableNames } from '../../shared/template-names.js';
import { at, blockRef, cap, msg } from '../messages.js';
import type { BlockRule, Problem } from '../problem.js';

/** Option keys that hold a variable id (`variableId`, `listVariableId`…). */
export const VARIABLE_KEY = /^(?:variableId|[a-z][A-Za-z0-9]*VariableId)$/;

/** Calls `visit` for every string in `value`, with the key it sits under (null inside arrays). */
function walkStrings(value: unknown, visit: (key: string | null, value: string) => void, key: string | null = null): void {
  if (typeof value === 'string') visit(key, value);
  else if (Array.isArray(value)) for (const v of value) walkStrings(v, visit, null);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkStrings(v, visit, k);
}

/** undefined-variable (a template reads a name no variable has) / unset-variable-ref (a picked variable was deleted). */
export const variableReferences: BlockRule = {
  scope: 'block',
  check(info, { variableIds, variableNames }) {
    const out: Problem[] = [];
    const ref = blockRef(info);
    const ownNames = info.def?.templateNames ?? [];
    const missingNames = new Set<string>();
    const missingIds = new Set<string>();
    walkStrings(info.block.options, (key, value) => {
      if (key !== null && VARIABLE_KEY.test(key)) {
        if (value && !variableIds.has(value) && !missingIds.has(value)) {
          missingIds.add(value);
          out.push({
            severity: 'error',
            code: 'unset-variable-ref',
            message: msg(
              `${cap(ref.en)} uses a variable that no longer exists (id "${value}"): choose another variable.`,
              `${cap(ref['pt-BR'])} usa uma variável que não existe mais (id "${value}"): escolha outra variável.`,
            ),
            ...at(info),
          });
        }
        return;
      }
      for (const name of templateVariableNames(value)) {
        if (variableNames.has(name) || missingNames.has(name) || ownNames.includes(name)) continue;
        missingNames.add(name);
        out.push({
          severity: 'warning',
          code: 'undefined-variable',
          message: msg(
            `${cap(ref.en)} uses {{${name}}}, but there is no variable "${name}": it would show up empty. Create the variable or fix the name.`,
            `${cap(ref['pt-BR'])} usa {{${name}}}, mas não existe a variável "${name}": ela apareceria vazia. Crie a variável ou corrija o nome.`,
          ),
          ...at(info),
        });
      }
    });
    return out;
  },
};

/** Option keys whose form input picks a department, per kind (the Agent block's `departmentId`). */
const departmentKeys = new Map<string, string[]>();
for (const def of blockSchemaList) {
  const keys = fieldsWithInput(def.options, 'department');
  if (keys.length) departmentKeys.set(def.kind, keys);
}

export const departmentMissing: BlockRule = {
  scope: 'block',
  check(info) {
    const o = (info.options ?? {}) as Record<string, unknown>;
    const ref = blockRef(info);
    return (departmentKeys.get(info.block.kind) ?? [])
      .filter((key) => !o[key])
      .map(() => ({
        severity: 'error' as const,
        code: 'department-missing',
        message: msg(`${cap(ref.en)} has no department: choose who receives the conversation.`, `${cap(ref['pt-BR'])} não tem departamento: escolha quem recebe o atendimento.`),
        ...at(info),
      }));
  },
};
