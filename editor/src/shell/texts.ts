import type { Dictionary } from '../i18n.js';

export const shellTexts: Dictionary<{
  tagline: string;
  email: string;
  password: string;
  login: string;
  loggingIn: string;
  logout: string;
  tabs: { flows: string; inbox: string; contacts: string; analytics: string; settings: string };
  language: string;
  themeLight: string;
  themeDark: string;
  soon: { analytics: [string, string] };
  notFound: string;
  backToFlows: string;
  loading: string;
  menu: string;
  closeMenu: string;
}> = {
  'pt-BR': {
    tagline: 'Chatbots e atendimento para WhatsApp',
    email: 'E-mail',
    password: 'Senha',
    login: 'Entrar',
    loggingIn: 'Entrando…',
    logout: 'Sair',
    tabs: { flows: 'Fluxos', inbox: 'Atendimentos', contacts: 'Contatos', analytics: 'Relatórios', settings: 'Configurações' },
    language: 'Idioma',
    themeLight: 'Tema claro',
    themeDark: 'Tema escuro',
    soon: {
      analytics: ['Ainda não há dados', 'Publique um fluxo e conecte um canal: os relatórios de conversas e atendimentos aparecem aqui.'],
    },
    notFound: 'Página não encontrada.',
    backToFlows: 'Voltar para os fluxos',
    loading: 'Carregando…',
    menu: 'Menu',
    closeMenu: 'Fechar menu',
  },
  en: {
    tagline: 'Chatbots and customer service for WhatsApp',
    email: 'Email',
    password: 'Password',
    login: 'Log in',
    loggingIn: 'Logging in…',
    logout: 'Log out',
    tabs: { flows: 'Flows', inbox: 'Inbox', contacts: 'Contacts', analytics: 'Analytics', settings: 'Settings' },
    language: 'Language',
    themeLight: 'Light theme',
    themeDark: 'Dark theme',
    soon: {
      analytics: ['No data yet', 'Publish a flow and connect a channel: conversation and service reports appear here.'],
    },
    notFound: 'Page not found.',
    backToFlows: 'Back to flows',
    loading: 'Loading…',
    menu: 'Menu',
    closeMenu: 'Close menu',
  },
};
