/**
 * The subset of Kusto (KQL) the simulator's Resource Graph understands:
 *
 *   resources
 *   | where <column> <op> <value-or-list> [and <column> <op> <value-or-list>]...
 *   | project <column>, <column>...
 *   | order by <column> [asc|desc]        (also `sort by`)
 *   | take <n>                            (also `limit`)
 *
 * with `op` one of == =~ != !~ in in~ !in !in~ and string literals in single or double quotes.
 * Anything else is rejected with an error naming the part that is not supported.
 */

export const STRING_COLUMNS = [
  'id',
  'name',
  'type',
  'kind',
  'location',
  'resourceGroup',
  'subscriptionId',
  'tenantId',
  'managedBy',
] as const;
export const ALL_COLUMNS = [
  ...STRING_COLUMNS,
  'sku',
  'plan',
  'properties',
  'tags',
  'identity',
  'zones',
  'extendedLocation',
] as const;

export type StringColumn = (typeof STRING_COLUMNS)[number];
export type Column = (typeof ALL_COLUMNS)[number];
export type Operator = '==' | '=~' | '!=' | '!~' | 'in' | 'in~' | '!in' | '!in~';

export interface Comparison {
  column: StringColumn;
  operator: Operator;
  values: string[];
}

export interface ParsedQuery {
  /** Conditions that must all hold. */
  where: Comparison[];
  /** Columns kept, in order; `undefined` keeps every column. */
  project: Column[] | undefined;
  order: { column: StringColumn; direction: 'asc' | 'desc' } | undefined;
  take: number | undefined;
}

/** A query outside the supported subset; `part` is the text that is not supported. */
export class UnsupportedQueryError extends Error {
  readonly code = 'UnsupportedQuery';
  readonly part: string;
  constructor(part: string, reason = 'unsupported') {
    super(`Query ${reason}: ${part}`);
    this.name = 'UnsupportedQueryError';
    this.part = part;
  }
}

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string; value: string }
  | { kind: 'number'; text: string; value: number }
  | { kind: 'punct'; text: string };

const OPERATORS: readonly string[] = ['!in~', '!in', 'in~', '==', '=~', '!=', '!~'];

function tokenize(stage: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < stage.length) {
    const ch = stage.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let value = '';
      let j = i + 1;
      for (; j < stage.length && stage.charAt(j) !== ch; j += 1) {
        if (stage.charAt(j) === '\\' && j + 1 < stage.length) j += 1;
        value += stage.charAt(j);
      }
      if (j >= stage.length)
        throw new UnsupportedQueryError(stage.slice(i), 'has an unterminated string');
      tokens.push({ kind: 'string', text: stage.slice(i, j + 1), value });
      i = j + 1;
      continue;
    }
    const operator = OPERATORS.find((op) => stage.startsWith(op, i));
    if (operator && !(operator === '!in' && /[\w~]/.test(stage.charAt(i + 3)))) {
      tokens.push({ kind: 'punct', text: operator });
      i += operator.length;
      continue;
    }
    if ('(),'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch });
      i += 1;
      continue;
    }
    const number = /^\d+/.exec(stage.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][\w.]*~?/.exec(stage.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0] });
      i += word[0].length;
      continue;
    }
    throw new UnsupportedQueryError(`'${stage.slice(i).trim()}' (in '${stage}')`);
  }
  return tokens;
}

/** Splits on `|` outside string literals. */
function splitStages(query: string): string[] {
  const stages: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < query.length; i += 1) {
    const ch = query.charAt(i);
    if (quote) {
      current += ch;
      if (ch === '\\' && i + 1 < query.length) {
        i += 1;
        current += query.charAt(i);
      } else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (ch === '|') {
      stages.push(current.trim());
      current = '';
    } else current += ch;
  }
  stages.push(current.trim());
  return stages;
}

class Cursor {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    readonly stage: string,
  ) {}
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  next(): Token {
    const token = this.tokens[this.index];
    if (!token) throw new UnsupportedQueryError(this.stage, 'is incomplete');
    this.index += 1;
    return token;
  }
  done(): boolean {
    return this.index >= this.tokens.length;
  }
  rest(): string {
    return this.tokens
      .slice(this.index)
      .map((t) => t.text)
      .join(' ');
  }
}

function isStringColumn(name: string): name is StringColumn {
  return (STRING_COLUMNS as readonly string[]).includes(name);
}

function isColumn(name: string): name is Column {
  return (ALL_COLUMNS as readonly string[]).includes(name);
}

function stringColumn(token: Token, stage: string): StringColumn {
  if (token.kind === 'word' && isStringColumn(token.text)) return token.text;
  throw new UnsupportedQueryError(
    `${token.text} (in '${stage}'); columns that can be compared: ${STRING_COLUMNS.join(', ')}`,
  );
}

function parseComparison(cursor: Cursor): Comparison {
  const column = stringColumn(cursor.next(), cursor.stage);
  const opToken = cursor.next();
  const operator = opToken.text as Operator;
  if (!['==', '=~', '!=', '!~', 'in', 'in~', '!in', '!in~'].includes(opToken.text)) {
    throw new UnsupportedQueryError(`operator '${opToken.text}' (in '${cursor.stage}')`);
  }
  if (operator.includes('in')) {
    if (cursor.next().text !== '(')
      throw new UnsupportedQueryError(cursor.stage, 'expects a parenthesised list in');
    const values: string[] = [];
    for (;;) {
      const value = cursor.next();
      if (value.kind !== 'string')
        throw new UnsupportedQueryError(
          `${value.text} (in '${cursor.stage}'); only string literals`,
        );
      values.push(value.value);
      const sep = cursor.next();
      if (sep.text === ')') break;
      if (sep.text !== ',') throw new UnsupportedQueryError(`${sep.text} (in '${cursor.stage}')`);
    }
    return { column, operator, values };
  }
  const value = cursor.next();
  if (value.kind !== 'string')
    throw new UnsupportedQueryError(`${value.text} (in '${cursor.stage}'); only string literals`);
  return { column, operator, values: [value.value] };
}

function parseWhere(cursor: Cursor): Comparison[] {
  const comparisons = [parseComparison(cursor)];
  while (!cursor.done()) {
    const joiner = cursor.next();
    if (joiner.kind !== 'word' || joiner.text !== 'and') {
      throw new UnsupportedQueryError(
        `'${joiner.text} ${cursor.rest()}' (in '${cursor.stage}'); only 'and' joins conditions`,
      );
    }
    comparisons.push(parseComparison(cursor));
  }
  return comparisons;
}

function parseProject(cursor: Cursor): Column[] {
  const columns: Column[] = [];
  for (;;) {
    const token = cursor.next();
    if (token.kind !== 'word' || !isColumn(token.text)) {
      throw new UnsupportedQueryError(
        `${token.text} (in '${cursor.stage}'); columns that can be projected: ${ALL_COLUMNS.join(', ')}`,
      );
    }
    columns.push(token.text);
    if (cursor.done()) return columns;
    const sep = cursor.next();
    if (sep.text !== ',')
      throw new UnsupportedQueryError(`${sep.text} ${cursor.rest()} (in '${cursor.stage}')`);
  }
}

function parseStage(stage: string, query: ParsedQuery): void {
  if (!stage) throw new UnsupportedQueryError('an empty pipeline stage', 'has');
  const cursor = new Cursor(tokenize(stage), stage);
  const head = cursor.next();
  const keyword = head.kind === 'word' ? head.text : '';
  switch (keyword) {
    case 'where':
      query.where.push(...parseWhere(cursor));
      return;
    case 'project':
      if (query.project) throw new UnsupportedQueryError(`a second project ('${stage}')`);
      query.project = parseProject(cursor);
      return;
    case 'take':
    case 'limit': {
      const n = cursor.next();
      if (n.kind !== 'number' || !cursor.done()) throw new UnsupportedQueryError(stage);
      query.take = query.take === undefined ? n.value : Math.min(query.take, n.value);
      return;
    }
    case 'order':
    case 'sort': {
      if (cursor.next().text !== 'by') throw new UnsupportedQueryError(stage);
      const column = stringColumn(cursor.next(), stage);
      let direction: 'asc' | 'desc' = 'desc'; // Kusto's default
      if (!cursor.done()) {
        const dir = cursor.next().text;
        if (dir !== 'asc' && dir !== 'desc') throw new UnsupportedQueryError(stage);
        direction = dir;
      }
      if (!cursor.done()) throw new UnsupportedQueryError(stage);
      query.order = { column, direction };
      return;
    }
    default:
      throw new UnsupportedQueryError(stage);
  }
}

/** Parses a query in the supported subset, or throws `UnsupportedQueryError`. */
export function parseQuery(text: string): ParsedQuery {
  const stages = splitStages(text);
  const table = stages[0] ?? '';
  if (!/^resources$/i.test(table)) {
    throw new UnsupportedQueryError(
      table ? `table '${table}'; only 'resources'` : 'an empty query',
      table ? 'unsupported' : 'has',
    );
  }
  const query: ParsedQuery = { where: [], project: undefined, order: undefined, take: undefined };
  for (const stage of stages.slice(1)) parseStage(stage, query);
  return query;
}
