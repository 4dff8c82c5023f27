// The Agent block's department and agent fields: choices from the team's real departments and
// people, or (for the department) a {{variable}} holding a department's code or name.
import { useEffect, useState } from 'react';
import { api } from '../../api.js';
import { Field, Select, TextInput } from '../../../ui/index.js';
import { useLocale, type Dictionary } from '../../i18n.js';
import { useForm } from './context.js';
import { getIn, issuesUnder, labelOf, type FormNode, type Path } from './form-model.js';

type Departments = Awaited<ReturnType<typeof api.departments.list.query>>;
type Directory = Awaited<ReturnType<typeof api.users.directory.query>>;

const texts: Dictionary<{ fromVariable: string; choose: string; loading: string; failed: string; noDepartments: string; noMembers: string; anyMember: string; variablePlaceholder: string }> = {
  'pt-BR': {
    fromVariable: 'De uma variável…',
    choose: 'Escolha…',
    loading: 'Carregando…',
    failed: 'Não foi possível carregar a lista.',
    noDepartments: 'Nenhum departamento ainda: crie um em Configurações → Departamentos.',
    noMembers: 'Este departamento ainda não tem atendentes: adicione membros em Configurações → Departamentos.',
    anyMember: 'Escolha um atendente do departamento',
    variablePlaceholder: '{{departamento}}',
  },
  en: {
    fromVariable: 'From a variable…',
    choose: 'Choose…',
    loading: 'Loading…',
    failed: 'Could not load the list.',
    noDepartments: 'No departments yet: create one in Settings → Departments.',
    noMembers: 'This department has no agents yet: add members in Settings → Departments.',
    anyMember: "Choose one of the department's agents",
    variablePlaceholder: '{{department}}',
  },
};

/** One fetch per page load: the pickers of every Agent block share it. */
let departmentsOnce: Promise<Departments> | null = null;
let directoryOnce: Promise<Directory> | null = null;

export function useLoaded<T>(load: () => Promise<T>): { data: T | null; failed: boolean } {
  const [state, setState] = useState<{ data: T | null; failed: boolean }>({ data: null, failed: false });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, failed: false }),
      () => live && setState({ data: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return state;
}

const loadDepartments = () => (departmentsOnce ??= api.departments.list.query().catch((e) => ((departmentsOnce = null), Promise.reject(e))));
const loadDirectory = () => (directoryOnce ??= api.users.directory.query().catch((e) => ((directoryOnce = null), Promise.reject(e))));

const VARIABLE = '__variable__';

export function DepartmentPicker({ node, path }: { node: FormNode; path: Path }) {
  const locale = useLocale();
  const t = texts[locale];
  const { value: root, set, issues } = useForm();
  const { data, failed } = useLoaded(loadDepartments);
  const raw = getIn(root, path);
  const value = typeof raw === 'string' ? raw : '';
  const [variableMode, setVariableMode] = useState(value.includes('{{'));
  const errors = issuesUnder(issues, path).map((i) => i.message);
  const options = [...(data ?? []).map((d) => ({ value: d.id, label: d.name })), { value: VARIABLE, label: t.fromVariable }];
  const label = labelOf(node, locale);
  return (
    <>
      <Field label={label} help={node.meta.help?.[locale]} error={errors} className="bs-field">
        <Select
          value={variableMode ? VARIABLE : value}
          placeholder={failed ? t.failed : data ? t.choose : t.loading}
          options={options}
          onChange={(v) => {
            if (v === VARIABLE) {
              setVariableMode(true);
              set(path, value.includes('{{') ? value : '');
            } else {
              setVariableMode(false);
              set(path, v);
            }
          }}
        />
      </Field>
      {data && !data.length && !variableMode ? <p className="bs-note">{t.noDepartments}</p> : null}
      {variableMode ? (
        <Field label={t.fromVariable.replace('…', '')} className="bs-field">
          <TextInput value={value} placeholder={t.variablePlaceholder} onChange={(v) => set(path, v)} />
        </Field>
      ) : null}
    </>
  );
}

export function AgentPicker({ node, path }: { node: FormNode; path: Path }) {
  const locale = useLocale();
  const t = texts[locale];
  const { value: root, set, issues } = useForm();
  const { data, failed } = useLoaded(loadDirectory);
  const departmentId = (root as { departmentId?: string }).departmentId ?? '';
  const raw = getIn(root, path);
  const value = typeof raw === 'string' ? raw : '';
  const errors = issuesUnder(issues, path).map((i) => i.message);
  // With a fixed department, only its members can be chosen; with a variable, anyone.
  const people = (data ?? []).filter((u) => !departmentId || departmentId.includes('{{') || u.departmentIds.includes(departmentId));
  return (
    <Field label={labelOf(node, locale)} help={data && !people.length ? t.noMembers : t.anyMember} error={errors} className="bs-field">
      <Select
        value={value}
        placeholder={failed ? t.failed : data ? t.choose : t.loading}
        options={people.map((u) => ({ value: u.id, label: u.name }))}
        onChange={(v) => set(path, v)}
      />
    </Field>
  );
}
