// UI texts in pt-BR and en; the choice is remembered in the browser.
import { useSyncExternalStore } from 'react';

export type Locale = 'pt-BR' | 'en';

const texts = {
  'pt-BR': {
    tagline: 'Chatbots e atendimento para WhatsApp',
    email: 'E-mail',
    password: 'Senha',
    login: 'Entrar',
    loggingIn: 'Entrando…',
    logout: 'Sair',
    welcome: 'Olá, {name}',
    flows: 'Fluxos',
    noFlows: 'Nenhum fluxo ainda. Crie um a partir de um modelo.',
    templates: 'Modelos prontos',
    blocks: '{n} blocos',
    create: 'Criar fluxo',
    created: 'Fluxo "{name}" criado.',
    editorSoon: 'O editor visual chega na próxima versão; os fluxos já rodam pela API e pelo chat de teste.',
    published: 'Publicado (v{n})',
    draft: 'Rascunho',
    loading: 'Carregando…',
  },
  en: {
    tagline: 'Chatbots and customer service for WhatsApp',
    email: 'Email',
    password: 'Password',
    login: 'Log in',
    loggingIn: 'Logging in…',
    logout: 'Log out',
    welcome: 'Hi, {name}',
    flows: 'Flows',
    noFlows: 'No flows yet. Create one from a template.',
    templates: 'Ready-made templates',
    blocks: '{n} blocks',
    create: 'Create flow',
    created: 'Flow "{name}" created.',
    editorSoon: 'The visual editor arrives in the next release; flows already run through the API and the test chat.',
    published: 'Published (v{n})',
    draft: 'Draft',
    loading: 'Loading…',
  },
} as const;

export type TextKey = keyof (typeof texts)['en'];

let locale: Locale = (localStorage.getItem('ozia.locale') as Locale) || (navigator.language.startsWith('pt') ? 'pt-BR' : 'en');
const listeners = new Set<() => void>();

export function setLocale(l: Locale) {
  locale = l;
  localStorage.setItem('ozia.locale', l);
  document.documentElement.lang = l;
  listeners.forEach((f) => f());
}

export function useLocale(): Locale {
  return useSyncExternalStore(
    (f) => {
      listeners.add(f);
      return () => listeners.delete(f);
    },
    () => locale,
  );
}

export function t(l: Locale, key: TextKey, vars: Record<string, string | number> = {}): string {
  return texts[l][key].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}
