// The words of Settings → Canais for Facebook Messenger and Instagram Direct accounts (pt-BR and en).
import type { Dictionary } from '../../i18n.js';

const pt = {
  add: { messenger: 'Adicionar Messenger', instagram: 'Adicionar Instagram' },
  createTitle: { messenger: 'Adicionar Facebook Messenger', instagram: 'Adicionar Instagram Direct' },
  kind: { messenger: 'Messenger', instagram: 'Instagram' },
  legend: { messenger: 'Página do Facebook', instagram: 'Conta do Instagram' },
  lead: {
    messenger: 'Copie estes dados do app no Meta for Developers › Messenger › Configurações da API do Messenger.',
    instagram: 'A conta profissional do Instagram precisa estar vinculada a uma Página do Facebook. Copie os dados do app no Meta for Developers › Messenger › Configurações do Instagram.',
  },
  pageId: 'Identificação da Página',
  pageIdHelp: {
    messenger: 'Page ID: o número (só dígitos) em Sobre › Transparência da Página, ou na lista de Páginas do app.',
    instagram: 'Page ID da Página do Facebook vinculada ao Instagram: os envios saem por ela.',
  },
  instagramAccountId: 'Identificação da conta do Instagram',
  instagramAccountIdHelp: 'Instagram account ID (conta profissional): só dígitos. A Meta identifica a conta por ele em cada webhook.',
  accessToken: 'Token de acesso da Página',
  accessTokenHelp: {
    messenger: 'Token de um usuário do sistema com pages_messaging (e pages_manage_metadata). Guardado criptografado, nunca mais mostrado.',
    instagram: 'Token da Página vinculada, de um usuário do sistema com instagram_basic, instagram_manage_messages e pages_messaging. Guardado criptografado, nunca mais mostrado.',
  },
  appSecret: 'Chave secreta do app',
  appSecretHelp: 'Configurações do app › Básico › Chave secreta do app. Todo webhook que a Meta envia é assinado com ela.',
  keep: 'Salvo: {hint}. Deixe em branco para manter.',
  mediaMaxHelp: 'Anexos maiores não são baixados; o atendente vê o motivo.',
  webhookTitle: 'Webhook para colar na Meta',
  webhookLead: {
    messenger: 'No app da Meta › Messenger › Configurações da API do Messenger, em Webhooks: cole a URL de retorno e o token de verificação, clique em Verificar e salvar, e assine a Página nos campos abaixo.',
    instagram: 'No app da Meta › Messenger › Configurações do Instagram, em Webhooks: cole a URL de retorno e o token de verificação, clique em Verificar e salvar, e assine a conta nos campos abaixo.',
  },
  afterSave: 'A URL de retorno e o token de verificação aparecem assim que a conta for salva.',
  fieldsTitle: 'Campos a assinar',
  fields: {
    messenger: 'messages, messaging_postbacks, message_reactions, message_deliveries, message_reads e message_echoes',
    instagram: 'messages (traz também os ecos, as menções e as respostas a stories), messaging_postbacks, message_reactions e messaging_seen',
  },
  window: 'A Meta só deixa responder até 24 horas depois da última mensagem da pessoa; depois disso, até 7 dias, só a resposta de um atendente (com a tag de atendente humano). O bot não envia fora das 24 horas.',
  states: {
    stopped: 'A conexão com a Meta ainda não foi testada. Clique em Testar conexão.',
    connecting: 'Consultando a Meta com o token de acesso…',
    open: 'A Meta aceitou o token: recebendo pelo webhook e enviando pela API de Envio.',
    error: 'A Meta recusou ou não respondeu. Corrija o token ou a identificação em Editar e teste de novo.',
  } as Record<string, string>,
  idIssue: 'Digite só os dígitos que a Meta mostra.',
  secretIssue: 'Cole aqui o valor copiado da Meta.',
  identity: 'Conta',
  created: 'Conta {name} adicionada.',
  updated: 'Conta {name} atualizada.',
  deleted: 'Conta {name} excluída; as conversas continuam no Atendimento.',
  deleteMessage: 'A conta sai da lista e o que a Meta entregar no webhook dela passa a ser recusado. As conversas continuam no Atendimento com o nome do canal.',
  nameHelp: 'Como a conta aparece no Atendimento e nas configurações.',
  splitHelp: 'Textos maiores que o limite (2.000 caracteres no Messenger, 1.000 no Instagram) vão em várias mensagens em vez de cortados.',
  pause: 'Pausa após resposta pela Meta (min)',
  pauseHelp: 'Quando alguém da empresa responde pela caixa de entrada da Meta (Business Suite ou o app), o robô fica em silêncio com aquele contato por este tempo.',
};

export type SocialTexts = typeof pt;

const en: SocialTexts = {
  add: { messenger: 'Add Messenger', instagram: 'Add Instagram' },
  createTitle: { messenger: 'Add Facebook Messenger', instagram: 'Add Instagram Direct' },
  kind: { messenger: 'Messenger', instagram: 'Instagram' },
  legend: { messenger: 'Facebook Page', instagram: 'Instagram account' },
  lead: {
    messenger: 'Copy these from your app at Meta for Developers › Messenger › Messenger API Settings.',
    instagram: 'The Instagram professional account must be linked to a Facebook Page. Copy these from your app at Meta for Developers › Messenger › Instagram Settings.',
  },
  pageId: 'Page ID',
  pageIdHelp: {
    messenger: "The Page's number (digits only), under About › Page transparency, or in the app's list of Pages.",
    instagram: 'The Page ID of the Facebook Page linked to the Instagram account: messages go out through it.',
  },
  instagramAccountId: 'Instagram account ID',
  instagramAccountIdHelp: 'The professional account id: digits only. Meta names the account by it in every webhook.',
  accessToken: 'Page access token',
  accessTokenHelp: {
    messenger: 'A system user token with pages_messaging (and pages_manage_metadata). Stored encrypted, never shown again.',
    instagram: "The linked Page's token, from a system user with instagram_basic, instagram_manage_messages and pages_messaging. Stored encrypted, never shown again.",
  },
  appSecret: 'App secret',
  appSecretHelp: 'App settings › Basic › App secret. Every webhook Meta sends is signed with it.',
  keep: 'Saved: {hint}. Leave blank to keep it.',
  mediaMaxHelp: 'Larger attachments are not downloaded; the agent sees why.',
  webhookTitle: 'Webhook to paste at Meta',
  webhookLead: {
    messenger: "In Meta's app › Messenger › Messenger API Settings, under Webhooks: paste the callback URL and verify token, click Verify and save, and subscribe the Page to the fields below.",
    instagram: "In Meta's app › Messenger › Instagram Settings, under Webhooks: paste the callback URL and verify token, click Verify and save, and subscribe the account to the fields below.",
  },
  afterSave: 'The callback URL and verify token show once the account is saved.',
  fieldsTitle: 'Fields to subscribe',
  fields: {
    messenger: 'messages, messaging_postbacks, message_reactions, message_deliveries, message_reads and message_echoes',
    instagram: 'messages (it also carries echoes, story mentions and story replies), messaging_postbacks, message_reactions and messaging_seen',
  },
  window: "Meta lets a business answer up to 24 hours after the person's last message; after that, up to 7 days, only an agent's reply (with the human agent tag). The bot does not send outside the 24 hours.",
  states: {
    stopped: 'The connection to Meta has not been tested yet. Click Test connection.',
    connecting: 'Asking Meta with the access token…',
    open: 'Meta accepted the token: receiving through the webhook and sending through the Send API.',
    error: 'Meta refused or did not answer. Fix the token or the id in Edit and test again.',
  },
  idIssue: 'Type only the digits Meta shows.',
  secretIssue: 'Paste the value copied from Meta here.',
  identity: 'Account',
  created: 'Account {name} added.',
  updated: 'Account {name} updated.',
  deleted: 'Account {name} deleted; its conversations stay in the Inbox.',
  deleteMessage: "The account leaves the list and what Meta delivers to its webhook is refused from then on. Its conversations stay in the Inbox under the channel's name.",
  nameHelp: 'How the account shows in the Inbox and in settings.',
  splitHelp: 'Texts over the limit (2,000 characters on Messenger, 1,000 on Instagram) go as several messages instead of being cut.',
  pause: "Pause after a reply in Meta's inbox (min)",
  pauseHelp: "When someone at the business answers in Meta's inbox (Business Suite or the app), the bot stays silent with that contact for this long.",
};

export const socialTexts: Dictionary<SocialTexts> = { 'pt-BR': pt, en };

export type SocialKind = 'messenger' | 'instagram';
export const isSocialKind = (kind: string): kind is SocialKind => kind === 'messenger' || kind === 'instagram';
