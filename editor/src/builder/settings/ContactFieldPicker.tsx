// The Contact block's field picker: the contact's name, e-mail and phone, then the custom fields
// defined in Settings → Custom fields (fetched once per page, as the Agent block's departments).
import { useMemo } from 'react';
import { api } from '../../api.js';
import { Field, Select } from '../../../ui/index.js';
import { useLocale, type Dictionary } from '../../i18n.js';
import { useForm } from './context.js';
import { getIn, issuesUnder, labelOf, type FormNode, type Path } from './form-model.js';
import { useLoaded } from './PeoplePickers.js';

type Fields = Awaited<ReturnType<typeof api.contacts.fields.list.query>>;

const texts: Dictionary<{ name: string; email: string; phone: string; choose: string; loading: string; failed: string; noFields: string; gone: (key: string) => string }> = {
  'pt-BR': {
    name: 'Nome',
    email: 'E-mail',
    phone: 'Telefone',
    choose: 'Escolha…',
    loading: 'Carregando…',
    failed: 'Não foi possível carregar os campos personalizados.',
    noFields: 'Nenhum campo personalizado ainda: crie em Configurações → Campos personalizados.',
    gone: (key) => `${key} (campo excluído)`,
  },
  en: {
    name: 'Name',
    email: 'E-mail',
    phone: 'Phone',
    choose: 'Choose…',
    loading: 'Loading…',
    failed: 'Could not load the custom fields.',
    noFields: 'No custom fields yet: create them in Settings → Custom fields.',
    gone: (key) => `${key} (deleted field)`,
  },
};

let fieldsOnce: Promise<Fields> | null = null;
/** The custom fields, asked once per page (the Contato card's summary shares it). */
export const loadFields = () => (fieldsOnce ??= api.contacts.fields.list.query().catch((e) => ((fieldsOnce = null), Promise.reject(e))));

const NONE = async (): Promise<Fields> => [];

/** Custom fields' labels by key, loaded only where a card needs them (a Contato block). */
export function useContactFieldLabels(wanted: boolean): (key: string) => string | null {
  const { data } = useLoaded(wanted ? loadFields : NONE);
  return useMemo(() => {
    const byKey = new Map((data ?? []).map((f) => [f.key, f.label]));
    return (key) => byKey.get(key) ?? null;
  }, [data]);
}

export function ContactFieldPicker({ node, path }: { node: FormNode; path: Path }) {
  const locale = useLocale();
  const t = texts[locale];
  const { value: root, set, issues } = useForm();
  const { data, failed } = useLoaded(loadFields);
  const raw = getIn(root, path);
  const value = typeof raw === 'string' ? raw : '';
  const errors = issuesUnder(issues, path).map((i) => i.message);
  const options = [
    { value: 'name', label: t.name },
    { value: 'email', label: t.email },
    { value: 'phone', label: t.phone },
    ...(data ?? []).map((f) => ({ value: f.key, label: f.label })),
  ];
  // A field deleted since: kept visible, so the author sees what the row pointed at.
  if (value && data && !options.some((o) => o.value === value)) options.push({ value, label: t.gone(value) });
  const help = failed ? t.failed : data && !data.length ? t.noFields : undefined;
  return (
    <Field label={labelOf(node, locale)} help={help} error={errors} className="bs-field">
      <Select value={value} placeholder={data || failed ? t.choose : t.loading} options={options} onChange={(v) => set(path, v)} />
    </Field>
  );
}
