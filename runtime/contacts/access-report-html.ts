// The access report as a page a person can read and print to PDF from the browser (print CSS:
// no buttons, conversations not split across pages where avoidable). No script; every value
// escaped. pt-BR by default, English with `lang=en`.
import type { AccessReport } from './access-report.js';

type Lang = 'pt-BR' | 'en';

const T = {
  'pt-BR': {
    title: 'Relatório de dados pessoais',
    generated: 'Gerado em',
    zone: 'horário de Brasília',
    partial: 'Parcial: inclui apenas as conversas dos seus departamentos.',
    excludes: 'Não inclui notas internas entre atendentes.',
    contact: 'Dados do contato',
    name: 'Nome',
    phones: 'Telefones',
    emails: 'E-mails',
    notes: 'Observações',
    created: 'Cadastrado em',
    lastContact: 'Último contato',
    blocked: 'Bloqueado desde',
    identities: 'Identidades por canal',
    tags: 'Etiquetas',
    fields: 'Campos personalizados',
    conversations: 'Conversas',
    sessions: 'Variáveis coletadas pelos fluxos',
    files: 'Arquivos',
    none: 'Nenhum',
    department: 'Departamento',
    agent: 'Atendente',
    opened: 'Aberta em',
    closed: 'Encerrada em',
    score: 'Nota de satisfação',
    comment: 'Comentário',
    person: 'Contato',
    bot: 'Robô',
    system: 'Sistema',
    agentWord: 'Atendente',
    phone: 'Telefone da empresa',
    deleted: 'apagada',
    edited: 'editada',
    print: 'Use Imprimir → Salvar como PDF no navegador para guardar este relatório.',
    flow: 'Fluxo',
    size: 'Tamanho',
    date: 'Data',
    yes: 'Sim',
    no: 'Não',
  },
  en: {
    title: 'Personal data report',
    generated: 'Generated on',
    zone: 'Brasília time',
    partial: 'Partial: only the conversations of your departments.',
    excludes: 'Internal notes between agents are not included.',
    contact: 'Contact data',
    name: 'Name',
    phones: 'Phones',
    emails: 'E-mails',
    notes: 'Notes',
    created: 'Added on',
    lastContact: 'Last contact',
    blocked: 'Blocked since',
    identities: 'Identities per channel',
    tags: 'Tags',
    fields: 'Custom fields',
    conversations: 'Conversations',
    sessions: 'Variables collected by flows',
    files: 'Files',
    none: 'None',
    department: 'Department',
    agent: 'Agent',
    opened: 'Opened on',
    closed: 'Closed on',
    score: 'Satisfaction score',
    comment: 'Comment',
    person: 'Contact',
    bot: 'Bot',
    system: 'System',
    agentWord: 'Agent',
    phone: "Business's phone",
    deleted: 'deleted',
    edited: 'edited',
    print: 'Use Print → Save as PDF in the browser to keep this report.',
    flow: 'Flow',
    size: 'Size',
    date: 'Date',
    yes: 'Yes',
    no: 'No',
  },
} as const;

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
body{font:14px/1.5 system-ui,sans-serif;color:#1f2328;max-width:860px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 4px}.muted{color:#59636e}.note{background:#fff8c5;padding:6px 10px;border-radius:6px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaeef2}
th{width:30%;font-weight:600}.msg{margin:4px 0;padding:6px 10px;border-radius:8px;white-space:pre-wrap;max-width:80%}
.in{background:#f1f3f5}.out{background:#dcf3e6;margin-left:auto}.who{font-size:12px;color:#59636e}
.conversation{break-inside:avoid-page;border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;margin:12px 0}
@media print{body{margin:0;max-width:none}.screen{display:none}.conversation{border-color:#999}}
`;

function formatDate(iso: string | null, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(lang, { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'short' });
}

function value(v: unknown, t: (typeof T)[Lang]): string {
  if (v === true) return t.yes;
  if (v === false) return t.no;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function accessReportHtml(r: AccessReport, lang: Lang = 'pt-BR'): string {
  const t = T[lang];
  const d = (iso: string | null) => esc(formatDate(iso, lang));
  const rows = (pairs: [string, string][]) =>
    !pairs.length ? `<p class="muted">${esc(t.none)}</p>` : `<table>${pairs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v || `<span class="muted">${esc(t.none)}</span>`}</td></tr>`).join('')}</table>`;
  const list = (items: string[]) => (items.length ? items.map(esc).join('<br>') : '');
  const who = (m: AccessReport['conversations'][number]['messages'][number]) =>
    m.direction === 'in' ? t.person : m.author === 'agent' ? `${t.agentWord}${m.agentName ? ` ${m.agentName}` : ''}` : m.author === 'phone' ? t.phone : m.author === 'bot' ? t.bot : t.system;
  const c = r.contact;
  const conversations = r.conversations.length
    ? r.conversations
        .map(
          (cv) => `<section class="conversation"><h3>${esc(cv.channelName ?? cv.channelKind ?? '')} · ${d(cv.openedAt)}</h3>
${rows([
  [t.department, esc(cv.departmentName)],
  [t.agent, esc(cv.agentName)],
  [t.opened, d(cv.openedAt)],
  [t.closed, d(cv.closedAt)],
  ...(cv.csatScore !== null ? ([[t.score, esc(cv.csatScore)]] as [string, string][]) : []),
  ...(cv.csatComment ? ([[t.comment, esc(cv.csatComment)]] as [string, string][]) : []),
])}
${cv.messages
  .map(
    (m) =>
      `<div class="msg ${m.direction}"><div class="who">${esc(who(m))} · ${d(m.at)}${m.editedAt ? ` · ${esc(t.edited)}` : ''}${m.deletedAt ? ` · ${esc(t.deleted)}` : ''}</div>${esc(m.text)}</div>`,
  )
  .join('\n')}</section>`,
        )
        .join('\n')
    : `<p class="muted">${esc(t.none)}</p>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)} — ${esc(c.name ?? c.phones[0] ?? c.emails[0] ?? c.id)}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(t.title)}</h1>
<p class="muted">${esc(t.generated)} ${d(r.generatedAt)} (${esc(t.zone)})</p>
<p class="note screen">${esc(t.print)}</p>
${r.complete ? '' : `<p class="note">${esc(t.partial)}</p>`}
<p class="muted">${esc(t.excludes)}</p>
<h2>${esc(t.contact)}</h2>
${rows([
  [t.name, esc(c.name)],
  [t.phones, list(c.phones)],
  [t.emails, list(c.emails)],
  [t.notes, esc(c.notes)],
  [t.created, d(c.createdAt)],
  [t.lastContact, d(c.lastContactAt)],
  ...(c.block ? ([[t.blocked, `${d(c.block.at)}${c.block.reason ? ` — ${esc(c.block.reason)}` : ''}`]] as [string, string][]) : []),
])}
<h2>${esc(t.identities)}</h2>
${rows(r.identities.map((i) => [`${i.channelName ?? i.channelId} (${i.kind})`, esc(i.value)]))}
<h2>${esc(t.tags)}</h2>
<p>${r.tags.length ? list(r.tags) : `<span class="muted">${esc(t.none)}</span>`}</p>
<h2>${esc(t.fields)}</h2>
${rows(r.fields.map((f) => [f.label, esc(value(f.value, t))]))}
<h2>${esc(t.conversations)} (${r.conversations.length})</h2>
${conversations}
<h2>${esc(t.sessions)}</h2>
${
  r.sessions.length
    ? r.sessions.map((s) => `<h3>${esc(t.flow)}: ${esc(s.flowName ?? '')} · ${d(s.updatedAt)}</h3>${rows(Object.entries(s.variables).map(([k, v]) => [k, esc(value(v, t))]))}`).join('\n')
    : `<p class="muted">${esc(t.none)}</p>`
}
<h2>${esc(t.files)}</h2>
${
  r.files.length
    ? `<table><tr><th>${esc(t.name)}</th><th>${esc(t.size)}</th><th>${esc(t.date)}</th></tr>${r.files.map((f) => `<tr><td>${esc(f.name)}</td><td>${esc(f.size.toLocaleString(lang))} B</td><td>${d(f.createdAt)}</td></tr>`).join('')}</table>`
    : `<p class="muted">${esc(t.none)}</p>`
}
</body></html>`;
}
