// Block and flow schemas state their problems in English ("type the message text"). The
// editor's forms and the linter show them to people in their language: this is the
// Portuguese for each, by pattern, so numbers and names inside carry over.
import type { Locale } from './contract.js';

/** A message pattern and its Portuguese, built from the pattern's groups. */
export type Rule = [RegExp, (...groups: string[]) => string];

/** The first rule's Portuguese for a message, or null when none matches. */
export function translateByRules(rules: readonly Rule[], message: string): string | null {
  for (const [re, say] of rules) {
    const m = re.exec(message);
    if (m) return say(...m.slice(1));
  }
  return null;
}

const NOUNS: Record<string, string> = {
  address: 'o endereço',
  description: 'a descrição',
  expression: 'a expressão',
  message: 'a mensagem',
  name: 'o nome',
  'option text': 'o texto da opção',
  text: 'o texto',
  title: 'o título',
  value: 'o valor',
};

const PT: Rule[] = [
  [/^the (address|description|expression|message|name|option text|text|title|value) holds at most (\d+) characters$/, (what, n) => `${NOUNS[what]} tem no máximo ${n} caracteres`],
  [/^WhatsApp messages hold at most (\d+) characters$/, (n) => `mensagens do WhatsApp têm no máximo ${n} caracteres`],
  [/^WhatsApp buttons hold at most (\d+) characters$/, (n) => `botões do WhatsApp têm no máximo ${n} caracteres`],
  [/^URLs longer than (\d+) characters are refused by many servers$/, (n) => `endereços com mais de ${n} caracteres são recusados por muitos servidores`],
  [/^use at most (\d+) branches$/, (n) => `use no máximo ${n} ramos`],
  [/^use at most (\d+) options$/, (n) => `use no máximo ${n} opções`],
  [/^use at most (\d+) fields$/, (n) => `use no máximo ${n} campos`],
  [/^use 0 to 100$/, () => 'use de 0 a 100'],
  [/^use whole (seconds|minutes|hours|days)$/, (unit) => `use um número inteiro de ${{ seconds: 'segundos', minutes: 'minutos', hours: 'horas', days: 'dias' }[unit]}`],
  [/^name the branch$/, () => 'dê um nome ao ramo'],
  [/^an A\/B test needs at least two branches$/, () => 'um teste A/B precisa de pelo menos dois ramos'],
  [/^the percentages must add up to 100 \(now (.+)\)$/, (n) => `as porcentagens precisam somar 100 (agora ${n})`],
  [/^type the message text$/, () => 'digite o texto da mensagem'],
  [/^at most (\d+) characters$/, (n) => `no máximo ${n} caracteres`],
  [/^at most (\d+) variables$/, (n) => `no máximo ${n} variáveis`],
  [/^the template name has lowercase letters, digits and _ only$/, () => 'o nome do modelo tem só letras minúsculas, números e _'],
  [/^a variable name has lowercase letters, digits and _ only$/, () => 'o nome da variável tem só letras minúsculas, números e _'],
  [/^type the language code \(e\.g\. pt_BR\)$/, () => 'digite o código do idioma (ex.: pt_BR)'],
  [/^type the value \(variables like \{\{name\}\} work\)$/, () => 'digite o valor (variáveis como {{nome}} funcionam)'],
  [/^type the approved template's name$/, () => 'digite o nome do modelo aprovado'],
  [/^type the option text$/, () => 'digite o texto da opção'],
  [/^type the option title$/, () => 'digite o título da opção'],
  [/^type the expression$/, () => 'digite a expressão'],
  [/^type the file URL$/, () => 'informe o endereço do arquivo'],
  [/^upload a file$/, () => 'envie um arquivo'],
  [/^add at least one option$/, () => 'adicione pelo menos uma opção'],
  [/^add at least one comparison$/, () => 'adicione pelo menos uma comparação'],
  [/^add at least one keyword$/, () => 'adicione pelo menos uma palavra-chave'],
  [/^a keyword must not be empty$/, () => 'uma palavra-chave não pode ficar vazia'],
  [/^must not be empty$/, () => 'não pode ficar vazio'],
  [/^add the image address$/, () => 'informe o endereço da imagem'],
  [/^choose a variable$/, () => 'escolha uma variável'],
  [/^choose the list variable$/, () => 'escolha a variável com a lista'],
  [/^use an http:\/\/ or https:\/\/ URL$/, () => 'use um endereço http:// ou https://'],
  [/^use an http\(s\) address or a \{\{variable\}\}$/, () => 'use um endereço http(s) ou uma {{variável}}'],
  [/^use letters, digits and _ only, not starting with a digit$/, () => 'use só letras, números e _, sem começar com número'],
  [/^use a date like 2026-12-31, or today$/, () => 'use uma data como 2026-12-31, ou today (hoje)'],
  [/^use a two-letter country code such as BR, PT or US$/, () => 'use o código de país com duas letras, como BR, PT ou US'],
  [/^the maximum must not be below the minimum$/, () => 'o máximo não pode ser menor que o mínimo'],
  [/^the maximum length must not be below the minimum length$/, () => 'o tamanho máximo não pode ser menor que o mínimo'],
  [/^the latest date must not be before the earliest date$/, () => 'a data mais tarde não pode ser antes da mais cedo'],
  [
    /^this is not a valid regular expression \(lookarounds and backreferences are not supported\)$/,
    () => 'esta não é uma expressão regular válida (lookarounds e referências a grupos não são aceitos)',
  ],
  [/^wait at least 1$/, () => 'espere pelo menos 1'],
  [/^use a whole number$/, () => 'use um número inteiro'],
  [/^wait at most 30 days$/, () => 'espere no máximo 30 dias'],
  [/^duplicate (block|group|variable|item) id "(.+)"$/, (what, id) => `id repetido de ${{ block: 'bloco', group: 'grupo', variable: 'variável', item: 'item' }[what]}: "${id}"`],
  [/^unknown block kind "(.+)"$/, (kind) => `tipo de bloco desconhecido: "${kind}"`],
  [/^no (block|group|event) "(.+)"$/, (what, id) => `não existe ${{ block: 'o bloco', group: 'o grupo', event: 'o evento' }[what]} "${id}"`],
  [/^block "(.+)" has no item "(.+)"$/, (block, item) => `o bloco "${block}" não tem o item "${item}"`],
  [/^group "(.+)" has no block "(.+)"$/, (group, block) => `o grupo "${group}" não tem o bloco "${block}"`],
  [/^no migration from version (\d+)$/, (v) => `não há como converter a versão ${v}`],
  [/^version (\d+) is newer than this Ozia understands \((\d+)\)$/, (v, max) => `a versão ${v} é mais nova do que este Ozia entende (${max})`],
];

// zod's own wording, for limits a schema states without a message of its own (`z.string().max(4096)`):
// "Too big: expected string to have <=4096 characters" reaches people through server errors and forms.
const ZOD_TYPES: Record<string, string> = {
  string: 'um texto',
  number: 'um número',
  int: 'um número inteiro',
  boolean: 'verdadeiro ou falso',
  object: 'um objeto',
  array: 'uma lista',
  date: 'uma data',
  undefined: 'nada',
  null: 'nulo',
  nan: 'NaN',
};
const typeName = (t: string) => ZOD_TYPES[t.toLowerCase()] ?? t;
const BOUND: Record<string, string> = { '<=': 'no máximo', '<': 'menos de', '>=': 'pelo menos', '>': 'mais de', 'exactly ': 'exatamente' };
const UNITS: Record<string, string> = { characters: 'caracteres', items: 'itens', entries: 'itens', bytes: 'bytes' };
const NUMBER_BOUND: Record<string, string> = { '<=': 'no máximo', '<': 'menor que', '>=': 'no mínimo', '>': 'maior que', 'exactly ': 'exatamente' };

const ZOD: Rule[] = [
  [/^Too small: expected string to have >=1 characters$/, () => 'não pode ficar vazio'],
  [/^Too small: expected (?:array|set) to have >=1 items$/, () => 'adicione pelo menos um item'],
  [
    /^Too (?:big|small): expected \w+ to have (<=|<|>=|>|exactly )(\d+) (characters|items|entries|bytes)$/,
    (bound, n, unit) => `use ${BOUND[bound]} ${n} ${UNITS[unit]}`,
  ],
  [/^Too (?:big|small): expected \w+ to be (<=|<|>=|>|exactly )(-?[\d.e+]+)$/, (bound, n) => `use um valor ${NUMBER_BOUND[bound]} ${n}`],
  [/^Invalid input: expected int, received \w+$/, () => 'use um número inteiro'],
  [/^Invalid input: expected (\w+), received (\w+)$/, (want, got) => `valor inválido: esperava ${typeName(want)}, veio ${typeName(got)}`],
  [/^Invalid input: expected (.+)$/, (want) => `valor inválido: esperava ${want}`],
  [/^Invalid option: expected one of (.+)$/, (list) => `opção inválida: use uma destas: ${list}`],
  [/^Invalid email address$/, () => 'e-mail inválido'],
  [/^Invalid URL$/, () => 'endereço (URL) inválido'],
  [/^Invalid string: must match pattern .+$/, () => 'formato inválido'],
  [/^Invalid number: must be a multiple of (.+)$/, (n) => `use um múltiplo de ${n}`],
  [/^Unrecognized keys?: (.+)$/, (keys) => `campo desconhecido: ${keys}`],
  [/^Invalid input$/, () => 'valor inválido'],
];

/** The message in the reader's language, when it is one of the schemas' own (or zod's); otherwise as given. */
export function localizeSchemaMessage(message: string, locale: Locale): string {
  return locale === 'pt-BR' ? (translateByRules(PT, message) ?? translateByRules(ZOD, message) ?? message) : message;
}
