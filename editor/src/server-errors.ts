// The server speaks English, naming the field a message is about ("email: a user with x
// already exists"). People read these in the language they chose: this table gives each
// message a person can cause its Portuguese wording. Unknown messages pass through as they are.
import { localizeSchemaMessage, translateByRules, type Rule } from '../../blocks/schema-messages.js';
import type { Locale } from './i18n.js';

const PT: Rule[] = [
  // Session and login
  [/^wrong email or password$/, () => 'e-mail ou senha incorretos'],
  [/^too many failed logins: try again in (\d+) minute\(s\)$/, (n) => `muitas tentativas erradas: tente de novo em ${n} minuto(s)`],
  [/^too many failed logins: try again in (\d+) second\(s\)$/, (n) => `muitas tentativas erradas: tente de novo em ${n} segundo(s)`],
  [/^log in with one request of its own, not inside a batch$/, () => 'entre com um pedido só para isso, não junto com outros'],
  [/^request refused: it was sent by another site \((.*)\)$/s, (site) => `pedido recusado: ele veio de outro site (${site})`],
  [/^log in first$/, () => 'sua sessão expirou; entre de novo'],
  [/^this needs the role supervisor$/, () => 'só supervisores podem fazer isso'],
  [/^type your email$/, () => 'digite seu e-mail'],
  [/^type your password$/, () => 'digite sua senha'],
  // What the server refuses at its door
  [/^the request is larger than (\d+) (MB|KB)$/, (n, unit) => `o envio passa de ${n} ${unit}; envie menos de uma vez`],
  [/^the flow is larger than (\d+) MB$/, (n) => `o fluxo passa de ${n} MB; divida-o em fluxos menores`],
  [/^contains a character that cannot be stored \(NUL or a broken surrogate\)$/, () => 'contém um caractere que não pode ser guardado (NUL ou um caractere partido); apague-o e tente de novo'],
  [/^internal error \(reference ([0-9a-f]+)\)$/, (ref) => `erro interno no servidor (referência ${ref}); tente de novo e, se continuar, informe a referência a quem cuida do Ozia`],
  [/^not a cursor this list gave; load the list again$/, () => 'a lista mudou; carregue-a de novo'],
  [/^too many live connections: at most (\d+) at a time; this one was closed$/, (n) => `conexões ao vivo demais (no máximo ${n} ao mesmo tempo): esta foi fechada; feche abas que não usa e recarregue`],
  [/^the server is stopping$/, () => 'o servidor está sendo desligado; tente de novo em instantes'],
  [/^could not (?:store|read) the file$/, () => 'não foi possível guardar ou ler o arquivo; tente de novo'],
  [/^Failed to fetch$|^NetworkError when attempting to fetch resource\.$|^Load failed$/, () => 'não foi possível falar com o servidor; verifique sua conexão'],
  // People and departments
  [/^a user with (.+) already exists$/, (email) => `já existe um usuário com o e-mail ${email}`],
  [/^type a valid email$/, () => 'digite um e-mail válido'],
  [/^(?:use at least 8 characters|must be at least 8 characters)$/, () => 'use pelo menos 8 caracteres'],
  [/^at most (\d+) characters$/, (n) => `no máximo ${n} caracteres`],
  [/^at most (\d+) tags$/, (n) => `no máximo ${n} etiquetas`],
  [/^at most (\d+) days$/, (n) => `no máximo ${n} dias`],
  // Settings → Dados (retention)
  [/^at least 1 day$/, () => 'pelo menos 1 dia'],
  [/^use a whole number of days$/, () => 'use um número inteiro de dias'],
  [/^write a number of days$/, () => 'digite um número de dias'],
  [/^retention is off; turn it on and save first$/, () => 'a retenção está desligada; ligue-a e salve antes'],
  [/^at most (\d+)$/, (n) => `no máximo ${n}`],
  [/^at least 1 conversation at a time$/, () => 'pelo menos 1 atendimento por vez'],
  [/^the current password is wrong$/, () => 'a senha atual está errada'],
  [/^this password is too common; choose one that is harder to guess$/, () => 'esta senha é comum demais; escolha uma mais difícil de adivinhar'],
  [/^type your current password$/, () => 'digite sua senha atual'],
  [/^this is the last active supervisor; make someone else a supervisor first$/, () => 'este é o último supervisor ativo; torne outra pessoa supervisora antes'],
  [/^type the name$/, () => 'digite o nome'],
  [/^name the department$/, () => 'dê um nome ao departamento'],
  [/^name the tag$/, () => 'dê um nome à etiqueta'],
  [/^a department called "(.+)" already exists$/, (name) => `já existe um departamento chamado “${name}”`],
  [/^another department already uses the code "(.+)"$/, (code) => `outro departamento já usa o código “${code}”`],
  [/^use 1 to 30 lowercase letters, digits, - or _$/, () => 'use de 1 a 30 letras minúsculas, números, - ou _'],
  [
    /^"(.+)" still has (\d+) open conversation\(s\): transfer or finish them before deleting it$/,
    (name, n) => `“${name}” ainda tem ${n} atendimento(s) em aberto: transfira ou finalize antes de excluir`,
  ],
  [/^a tag called "(.+)" already exists$/, (name) => `já existe uma etiqueta chamada “${name}”`],
  [/^use a color like (#[0-9a-f]{6})$/i, (c) => `use uma cor como ${c}`],
  [/^use HH:MM \(00:00–24:00\)$/, () => 'use HH:MM (00:00–24:00)'],
  [/^must be after the start$/, () => 'deve ser depois do início'],
  [/^must differ from the start$/, () => 'deve ser diferente do início'],
  [/^a shift cannot start at 24:00: use 00:00$/, () => 'um intervalo não começa às 24:00: use 00:00'],
  [/^duplicate holiday$/, () => 'feriado repetido'],
  [/^use 0 \(never\) or more minutes$/, () => 'use 0 (nunca) ou mais minutos'],
  // Message bank and attachments
  [/^\/(.+) already exists here$/, (s) => `/${s} já existe aqui`],
  [/^use 1 to 30 letters, digits, - or _ \(no spaces\)$/, () => 'use de 1 a 30 letras, números, - ou _ (sem espaços)'],
  [/^give it a title$/, () => 'dê um título'],
  [/^write the message or attach a file$/, () => 'escreva a mensagem ou anexe um arquivo'],
  [/^the attachment was not found; upload it again$/, () => 'o anexo não foi encontrado; envie de novo'],
  [/^larger than (\d+) MB$/, (n) => `arquivo maior que ${n} MB`],
  [/^the file is empty$/, () => 'o arquivo está vazio'],
  [/^(.+) cannot be sent on WhatsApp$/, (mime) => `${mime === 'unknown type' ? 'este tipo de arquivo' : mime} não pode ser enviado pelo WhatsApp`],
  [/^the content is not (.+)$/, (mime) => `o conteúdo não é ${mime}`],
  // Contacts and their custom fields
  [/^"(.+)" is not a valid CPF or CNPJ$/, (f) => `“${f}” não é um CPF ou CNPJ válido (confira os dígitos)`],
  [/^"(.+)" must be a number$/, (f) => `“${f}” deve ser um número`],
  [/^"(.+)" must be a date \(YYYY-MM-DD\)$/, (f) => `“${f}” deve ser uma data válida`],
  [/^"(.+)" must be one of: (.+)$/s, (f, o) => `“${f}” deve ser uma destas opções: ${o}`],
  [/^"(.+)" must be yes or no$/, (f) => `“${f}” deve ser sim ou não`],
  [/^"(.+)" must be text$/, (f) => `“${f}” deve ser um texto`],
  [/^"(.+)": at most (\d+) characters$/, (f, n) => `“${f}”: no máximo ${n} caracteres`],
  [/^"(.+)" cannot be filtered by a range$/, (f) => `“${f}” não pode ser filtrado por intervalo`],
  [/^"(.+)" can only be filtered by its value$/, (f) => `“${f}” só pode ser filtrado pelo valor exato`],
  [/^no such field; reload the page$/, () => 'este campo não existe mais; recarregue a página'],
  [/^no field "(.+)"; reload the page$/, () => 'este campo não existe mais; recarregue a página'],
  [/^contact "(.+)" already has this phone$/, () => 'outro contato já tem este telefone'],
  [/^contact "(.+)" already has this e-mail$/, () => 'outro contato já tem este e-mail'],
  [/^another contact already has this phone$/, () => 'outro contato já tem este telefone (peça a um supervisor para encontrá-lo)'],
  [/^another contact already has this e-mail$/, () => 'outro contato já tem este e-mail (peça a um supervisor para encontrá-lo)'],
  [/^not a valid phone number \(include the area code\)$/, () => 'telefone inválido (inclua o DDD)'],
  [/^type a name, a phone or an e-mail$/, () => 'digite um nome, um telefone ou um e-mail'],
  [/^name the field$/, () => 'dê um nome ao campo'],
  [/^a list needs at least one option$/, () => 'uma lista precisa de pelo menos uma opção'],
  [/^an option cannot be empty$/, () => 'uma opção não pode ficar vazia'],
  [/^each option only once$/, () => 'cada opção só uma vez'],
  [/^at most (\d+) options$/, (n) => `no máximo ${n} opções`],
  [/^a field already uses the key "(.+)"$/, (k) => `outro campo já usa a chave “${k}”`],
  [/^a field called "(.+)" already exists$/, (l) => `já existe um campo chamado “${l}”`],
  [/^use lowercase letters, digits and _, starting with a letter \(at most 40\)$/, () => 'use letras minúsculas, números e _, começando por uma letra (no máximo 40)'],
  [/^this name is the contact’s own; choose another$/, () => 'este nome já é do próprio contato; escolha outro'],
  [/^choose a type$/, () => 'escolha um tipo'],
  [/^name the filter$/, () => 'dê um nome ao filtro'],
  [/^type a value to filter by$/, () => 'digite um valor para filtrar'],
  [/^use a date like 2026-12-31$/, () => 'use uma data como 31/12/2026'],
  [/^no tag "(.+)"$/, () => 'esta etiqueta não existe mais; recarregue a página'],
  // Contacts' CSV import and export
  [/^no tag called "(.+)"$/, (n) => `não há etiqueta “${n}” (crie-a em Configurações → Etiquetas antes)`],
  [/^another contact already has this CPF\/CNPJ$/, () => 'outro contato já tem este CPF/CNPJ (peça a um supervisor para encontrá-lo)'],
  [/^matches (\d+) different contacts \(by (.+)\); fix the row or merge them first$/, (n, by) => `corresponde a ${n} contatos diferentes (por ${by.replace('phone', 'telefone')}); corrija a linha ou junte os contatos antes`],
  [/^the row is empty$/, () => 'a linha está vazia'],
  [/^could not be saved \((.*)\)$/s, (why) => `não foi possível gravar a linha (${why}); nada dela foi guardado`],
  [/^the file is empty$/, () => 'o arquivo está vazio'],
  [/^the file has no header line$/, () => 'o arquivo não tem a linha de títulos das colunas'],
  [/^at most (\d+) columns$/, (n) => `no máximo ${n} colunas`],
  [/^at most (\d+) rows per file$/, (n) => `no máximo ${n} linhas por arquivo; divida-o`],
  [/^map a column to the name, the phone or the e-mail$/, () => 'escolha uma coluna para o nome, o telefone ou o e-mail'],
  [/^map every column of the file \(reload it\)$/, () => 'as colunas não batem com o arquivo; escolha-o de novo'],
  [/^two columns go to "(.+)"$/, () => 'duas colunas foram para o mesmo destino; escolha um para cada'],
  [/^choose what the column holds$/, () => 'escolha o que a coluna contém'],
  [/^could not (?:import the file|read the file)$/, () => 'não foi possível importar o arquivo; tente de novo'],
  [/^could not export the contacts$/, () => 'não foi possível exportar os contatos; tente de novo'],
  [/^list every field once; reload the page$/, () => 'a lista de campos mudou; recarregue a página'],
  // The inbox
  [/^someone else is already serving this conversation$/, () => 'outra pessoa já está atendendo esta conversa'],
  [/^another agent is serving this conversation$/, () => 'outro atendente está com esta conversa'],
  [/^only supervisors can move another agent's conversations$/, () => 'só supervisores podem mover as conversas de outro atendente'],
  [/^choose an agent$/, () => 'escolha um atendente'],
  [/^at most 100 notifications at a time$/, () => 'no máximo 100 notificações por vez'],
  [/^this conversation is not waiting$/, () => 'esta conversa não está mais na fila'],
  [/^nobody is serving this conversation: pick it up first$/, () => 'ninguém está atendendo esta conversa: clique em Atender primeiro'],
  [/^only open conversations can be transferred$/, () => 'só conversas em aberto podem ser transferidas'],
  [/^this conversation is already closed$/, () => 'esta conversa já foi encerrada'],
  [/^the bot is serving this conversation$/, () => 'o robô está atendendo esta conversa'],
  [/^this contact already has an open conversation with the team$/, () => 'este contato já tem um atendimento em aberto com a equipe'],
  [/^this contact is not reachable on that channel; choose one of theirs$/, () => 'este contato não está nesse canal; escolha um dos canais dele'],
  [/^choose a channel$/, () => 'escolha um canal'],
  [/^this contact is in a conversation of another department$/, () => 'este contato está em uma conversa de outro departamento'],
  [/^type a message or attach a file$/, () => 'digite uma mensagem ou anexe um arquivo'],
  [/^type a message or pick a choice$/, () => 'digite uma mensagem ou escolha uma opção'],
  [/^type the first message$/, () => 'digite a primeira mensagem'],
  [/^type the note$/, () => 'digite a nota'],
  [/^choose a department or an agent$/, () => 'escolha um departamento ou um atendente'],
  [/^choose a department$/, () => 'escolha um departamento'],
  [/^choose a contact$/, () => 'escolha um contato'],
  [/^one of the contacts changed since the preview; look at the merge again$/, () => 'um dos contatos mudou depois da comparação; compare de novo antes de mesclar'],
  [/^not a conflict between these contacts$/, () => 'não há conflito entre estes contatos neste valor'],
  [/^choose another contact$/, () => 'escolha outro contato'],
  [/^look at the preview first$/, () => 'veja a comparação antes de mesclar'],
  [/^only supervisors can delete contacts$/, () => 'só supervisores podem excluir contatos'],
  [/^type the contact name or EXCLUIR to confirm$/, () => 'digite o nome do contato ou EXCLUIR para confirmar'],
  [/^choose a flow$/, () => 'escolha um fluxo'],
  [/^the conversation is already waiting in this department$/, () => 'a conversa já está na fila deste departamento'],
  [/^(.+) is not a member of (.+)$/, (who, dept) => `${who} não faz parte de ${dept}`],
  [/^you are not a member of (.+)$/, (dept) => `você não faz parte de ${dept}`],
  [/^"(.+)" has no published version yet$/, (name) => `“${name}” ainda não tem versão publicada`],
  // Flows
  [/^give the flow a name$/, () => 'dê um nome ao fluxo'],
  [/^not valid JSON \((.+)\)$/, (why) => `não é um JSON válido (${why})`],
  [/^fix the problems before publishing:$/, () => 'corrija os problemas antes de publicar:'],
  [/^fill in these blocks before testing:$/, () => 'preencha estes blocos antes de testar:'],
  // Channels (Settings → Canais)
  [/^this message cannot be deleted for everyone: its channel is not running in this server$/, () => 'esta mensagem não pode ser apagada para todos: o canal dela não está rodando neste servidor'],
  [/^name the account$/, () => 'dê um nome ao número'],
  // Web chat
  [/^write a site as https:\/\/host or https:\/\/host:port, with no path$/, () => 'escreva o site como https://endereco ou https://endereco:porta, sem caminho'],
  [/^at most 50 sites$/, () => 'no máximo 50 sites'],
  [/^choose an image \(PNG, JPEG or WebP\)$/, () => 'escolha uma imagem (PNG, JPEG ou WebP)'],
  [/^give the chat a title$/, () => 'dê um título ao chat'],
  [/^use a colour like #1f7a5a$/, () => 'use uma cor como #1f7a5a'],
  [/^at most 600 seconds$/, () => 'no máximo 600 segundos'],
  [/^an account called "(.+)" already exists$/, (name) => `já existe um número chamado “${name}”`],
  [/^the test chat is not managed here$/, () => 'o chat de teste não é configurado aqui'],
  [/^no flow "(.+)"$/, () => 'o fluxo escolhido não existe mais; escolha outro'],
  [/^no department "(.+)"$/, () => 'o departamento escolhido não existe mais; escolha outro'],
  [/^choose a flow$/, () => 'escolha um fluxo'],
  [/^choose a department$/, () => 'escolha um departamento'],
  [/^type the phone number with country and area code, digits only \(e\.g\. (\d+)\)$/, (e) => `digite o número com DDI e DDD, só números (ex.: ${e})`],
  [/^use a whole number$/, () => 'use um número inteiro'],
  [/^use 0 \((no typing|no limit|no pause)\) or more$/, (what) => `use 0 (${{ 'no typing': 'sem digitando', 'no limit': 'sem limite', 'no pause': 'sem pausa' }[what]}) ou mais`],
  [/^at (least|most) (\d+) (MB|ms|minutes \(7 days\))$/, (w, n, u) => `${w === 'least' ? 'pelo menos' : 'no máximo'} ${n} ${u === 'minutes (7 days)' ? 'minutos (7 dias)' : u}`],
  // The official API (Cloud API) account
  [/^paste the (access token|app secret)$/, (what) => `cole ${what === 'access token' ? 'o token de acesso' : 'a chave secreta do app'}`],
  [/^type the (phone number id|WhatsApp business account id)$/, (what) => `digite ${what === 'phone number id' ? 'a identificação do número de telefone' : 'a identificação da conta do WhatsApp Business'}`],
  [/^the (phone number id|WhatsApp business account id) is the number Meta shows \(digits only\)$/, (what) =>
    `${what === 'phone number id' ? 'a identificação do número de telefone' : 'a identificação da conta do WhatsApp Business'} é o número que a Meta mostra (só dígitos)`],
  // Messenger and Instagram accounts
  [/^type the (Page id|Instagram account id)$/, (what) => `digite ${what === 'Page id' ? 'a identificação da Página' : 'a identificação da conta do Instagram'}`],
  [/^the (Page id|Instagram account id) is the number Meta shows \(digits only\)$/, (what) =>
    `${what === 'Page id' ? 'a identificação da Página' : 'a identificação da conta do Instagram'} é o número que a Meta mostra (só dígitos)`],
  [/^the contact never wrote on this account: Meta lets a business answer only after the person writes$/, () => 'o contato nunca escreveu nesta conta: a Meta só deixa a empresa responder depois que a pessoa escreve'],
  [/^the contact last wrote more than 24 hours ago: Meta lets only an agent answer now \(human agent tag, up to 7 days\), not the bot$/, () =>
    'o contato escreveu pela última vez há mais de 24 horas: agora a Meta só aceita a resposta de um atendente (tag de atendente humano, até 7 dias), não a do bot'],
  [/^the contact last wrote more than 7 days ago: Meta accepts no message until the person writes again$/, () => 'o contato escreveu pela última vez há mais de 7 dias: a Meta não aceita mensagens até a pessoa escrever de novo'],
  [/^this server has no secret key to store it with$/, () => 'este servidor não tem chave para guardar a credencial; configure OZIA_SECRET_KEY'],
  // Message templates and the 24-hour window (the official API)
  [/^outside WhatsApp's 24-hour window: .+$/, () => 'fora da janela de 24 horas do WhatsApp: o contato não escreveu nas últimas 24 horas, então só um modelo de mensagem aprovado pode ser enviado'],
  [/^"(.+)" \((.+)\) is not an approved template of this account; sync the templates or choose another$/, (n, l) => `“${n}” (${l}) não é um modelo aprovado desta conta; sincronize os modelos ou escolha outro`],
  [/^fill in the variable (\{\{.+\}\})$/, (v) => `preencha a variável ${v}`],
  [/^use lowercase letters, digits and _ only \(e\.g\. pedido_enviado\)$/, () => 'use só letras minúsculas, números e _ (ex.: pedido_enviado)'],
  [/^type the template name$/, () => 'digite o nome do modelo'],
  [/^type the message body$/, () => 'digite o corpo da mensagem'],
  [/^choose a language \(e\.g\. pt_BR\)$/, () => 'escolha um idioma (ex.: pt_BR)'],
  [/^choose marketing, utility or authentication$/, () => 'escolha marketing, utilidade ou autenticação'],
  [/^number the variables in order: (.+)$/, (list) => `numere as variáveis em ordem: ${list}`],
  [/^type an example value for (\{\{.+\}\})$/, (v) => `digite um valor de exemplo para ${v}`],
  [/^the body cannot start or end with a variable: add words around it$/, () => 'o corpo não pode começar nem terminar com uma variável: escreva algo antes e depois'],
  [/^the header takes at most one variable$/, () => 'o cabeçalho aceita no máximo uma variável'],
  [/^use either numbers \(\{\{1\}\}\) or names \(\{\{nome\}\}\) for the variables, not both$/, () => 'use números ({{1}}) ou nomes ({{nome}}) nas variáveis, não os dois'],
  [/^at most (\d+) buttons$/, (n) => `no máximo ${n} botões`],
  [/^at most 2 link buttons$/, () => 'no máximo 2 botões de link'],
  [/^at most 1 phone button$/, () => 'no máximo 1 botão de ligar'],
  [/^type the button text$/, () => 'digite o texto do botão'],
  [/^type an address starting with https:\/\/$/, () => 'digite um endereço que começa com https://'],
  [/^message templates belong to WhatsApp Cloud API accounts$/, () => 'modelos de mensagem pertencem a contas do WhatsApp API Oficial'],
  [/^the access token cannot be read: paste it again in Settings → Channels$/, () => 'o token de acesso não pode ser lido: cole-o de novo em Configurações → Canais'],
  [/^Meta error 100, subcode 2388024: .+$/, () => 'a Meta recusou: já existe um modelo com este nome neste idioma'],
  [/^Meta error 100, subcode 2388043: .+$/, () => 'a Meta recusou: há variáveis sem valor de exemplo'],
  [/^Meta error 190: .+$/, () => 'a Meta recusou o token de acesso: gere um novo e cole em Configurações → Canais'],
  [/^Meta error (\d+)(?:, subcode (\d+))?: (.+?)(?: \(fbtrace_id [^)]+\))?$/, (code, sub, words) => `a Meta recusou (erro ${code}${sub ? `, subcódigo ${sub}` : ''}): ${words}`],
  [/^Meta could not be reached: .+$/, () => 'não foi possível falar com a Meta agora; tente de novo em instantes'],
  [/^(.+) not found$/, () => 'não encontrado; talvez alguém tenha excluído. Recarregue a página.'],
];

/** A known message in the reader's language; anything else as it came. */
export function localizeServerMessage(text: string, locale: Locale): string {
  if (locale !== 'pt-BR') return text;
  // Flow documents sent back with problems speak the block schemas' words.
  return translateByRules(PT, text) ?? localizeSchemaMessage(text, locale);
}

/** "field: message" with a plain field name (not a path inside a document). */
const FIELD_LINE = /^([A-Za-z_]\w*): (.+)$/s;

/**
 * What a person reads in a toast or an error line: each line localized, with a plain field
 * name dropped when the message itself says what is wrong. Paths into documents
 * ("groups[0].blocks[1].options.text: …") stay: they tell where to look.
 */
export function readableServerError(message: string, locale: Locale): string {
  return message
    .split('\n')
    .map((line) => {
      const m = FIELD_LINE.exec(line);
      return m ? localizeServerMessage(m[2], locale) : localizeServerMessage(line, locale);
    })
    .join('\n');
}
