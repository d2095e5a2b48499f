// Reader for the literal subset of Python (and for JSON) that genotype files use, keeping the
// source span of every value so later checks can point at the exact token.
//
// Python mode covers what `repr(Genotype(...))` and hand-written genotypes.py entries contain:
// an optional `NAME =` prefix, calls with positional and keyword arguments, lists, tuples, strings
// in either quote style, ints, floats, True/False/None, `#` comments and trailing commas.
// JSON mode adds objects and true/false/null, and rejects comments.

import { GenotypeParseError, type SourceSpan } from './parse-error.js';

export type Literal =
  | { type: 'list'; items: Literal[]; span: SourceSpan }
  | { type: 'tuple'; items: Literal[]; span: SourceSpan }
  | { type: 'string'; value: string; span: SourceSpan }
  | { type: 'number'; value: number; raw: string; isInteger: boolean; span: SourceSpan }
  | { type: 'constant'; value: boolean | null; span: SourceSpan }
  | { type: 'object'; entries: ObjectEntry[]; span: SourceSpan }
  | { type: 'call'; callee: string; calleeSpan: SourceSpan; args: Literal[]; keywords: KeywordArgument[]; span: SourceSpan };

export interface ObjectEntry {
  key: string;
  keySpan: SourceSpan;
  value: Literal;
}

export interface KeywordArgument {
  name: string;
  nameSpan: SourceSpan;
  value: Literal;
}

export interface Assignment {
  /** The `NAME` of a `NAME = value` line, when present. */
  target?: { name: string; span: SourceSpan };
  value: Literal;
}

export type LiteralMode = 'python' | 'json';

type TokenType = 'ident' | 'number' | 'string' | 'punct' | 'eof';

interface Token {
  type: TokenType;
  text: string;
  span: SourceSpan;
  value?: string | number;
  isInteger?: boolean;
}

const PUNCTUATION = '()[]{},=:';

/** How a token reads in an error message. */
export function describeToken(token: { type: TokenType; text: string }): string {
  switch (token.type) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `string ${token.text}`;
    case 'number':
      return `number ${token.text}`;
    case 'ident':
      return `name '${token.text}'`;
    case 'punct':
      return `'${token.text}'`;
  }
}

/** How a parsed value reads in an error message. */
export function describeLiteral(literal: Literal): string {
  switch (literal.type) {
    case 'list':
      return `a list of ${literal.items.length} item${literal.items.length === 1 ? '' : 's'}`;
    case 'tuple':
      return `a ${literal.items.length}-tuple`;
    case 'string':
      return `string '${literal.value}'`;
    case 'number':
      return `number ${literal.raw}`;
    case 'constant':
      return String(literal.value);
    case 'object':
      return 'an object';
    case 'call':
      return `a call to ${literal.callee}(...)`;
  }
}

function isIdentStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}

function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c);
}

const NUMBER = /[+-]?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)/y;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', '\\': '\\', "'": "'", '"': '"', '/': '/' };

function matchNumber(text: string, at: number): string | undefined {
  NUMBER.lastIndex = at;
  return NUMBER.exec(text)?.[0];
}

function tokenize(text: string, mode: LiteralMode): Token[] {
  const tokens: Token[] = [];
  const fail = (reason: string, start: number, end = start + 1): never => {
    throw new GenotypeParseError(reason, text, { start, end });
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF') {
      i++;
    } else if (mode === 'python' && c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += 2; // explicit line continuation
    } else if (mode === 'python' && c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (PUNCTUATION.includes(c)) {
      tokens.push({ type: 'punct', text: c, span: { start: i, end: i + 1 } });
      i++;
    } else if (c === "'" || c === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined || d === '\n') fail(`unterminated string: expected a closing ${c}`, start, i);
        if (d === c) break;
        if (d === '\\') {
          const e = text[i + 1];
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          if (e === undefined || !(e in ESCAPES)) fail(`unsupported escape sequence: expected one of \\n \\t \\\\ \\' \\" \\uXXXX`, i, i + 2);
          value += ESCAPES[e!]!;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      tokens.push({ type: 'string', text: text.slice(start, i), value, span: { start, end: i } });
    } else if (matchNumber(text, i) !== undefined) {
      const raw = matchNumber(text, i)!;
      const isInteger = /^[+-]?\d+$/.test(raw);
      tokens.push({ type: 'number', text: raw, value: Number(raw), isInteger, span: { start: i, end: i + raw.length } });
      i += raw.length;
    } else if (isIdentStart(c)) {
      const start = i;
      while (i < text.length && isIdentPart(text[i]!)) i++;
      tokens.push({ type: 'ident', text: text.slice(start, i), span: { start, end: i } });
    } else {
      fail(`unexpected character '${c}'`, i);
    }
  }
  tokens.push({ type: 'eof', text: '', span: { start: text.length, end: text.length } });
  return tokens;
}

class LiteralParser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly mode: LiteralMode,
  ) {
    this.tokens = tokenize(text, mode);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.position++;
    return token;
  }

  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'punct' && token.text === text;
  }

  fail(expected: string, token: Token = this.peek()): never {
    throw new GenotypeParseError(`expected ${expected}, found ${describeToken(token)}`, this.text, token.span);
  }

  private expectPunct(text: string, expected: string): Token {
    if (!this.isPunct(text)) this.fail(expected);
    return this.next();
  }

  parseAssignment(): Assignment {
    let target: Assignment['target'];
    if (this.mode === 'python' && this.peek().type === 'ident' && this.isPunct('=', 1)) {
      const name = this.next();
      this.next();
      target = { name: name.text, span: name.span };
    }
    const value = this.parseValue();
    if (this.peek().type !== 'eof') this.fail('end of input');
    return target ? { target, value } : { value };
  }

  private parseValue(): Literal {
    const token = this.peek();
    if (token.type === 'string') {
      this.next();
      return { type: 'string', value: token.value as string, span: token.span };
    }
    if (token.type === 'number') {
      this.next();
      return { type: 'number', value: token.value as number, raw: token.text, isInteger: token.isInteger === true, span: token.span };
    }
    if (token.type === 'punct') {
      if (token.text === '[') return this.parseSequence('[', ']', 'list');
      if (token.text === '(' && this.mode === 'python') return this.parseParenthesized();
      if (token.text === '{' && this.mode === 'json') return this.parseObject();
    }
    if (token.type === 'ident') {
      const constants: Record<string, boolean | null> =
        this.mode === 'json' ? { true: true, false: false, null: null } : { True: true, False: false, None: null };
      if (token.text in constants) {
        this.next();
        return { type: 'constant', value: constants[token.text]!, span: token.span };
      }
      if (this.mode === 'python' && this.isPunct('(', 1)) return this.parseCall();
    }
    return this.fail('a value (list, tuple, string, number or call)');
  }

  private parseSequence(open: string, close: string, type: 'list' | 'tuple'): Literal {
    const start = this.expectPunct(open, `'${open}'`).span.start;
    const items: Literal[] = [];
    while (!this.isPunct(close)) {
      items.push(this.parseValue());
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct(close)) this.fail(`',' or '${close}'`);
    }
    const end = this.next().span.end;
    return { type, items, span: { start, end } };
  }

  // `(x)` is just x in Python; only a comma (or emptiness) makes a tuple.
  private parseParenthesized(): Literal {
    const start = this.next().span.start;
    const items: Literal[] = [];
    let sawComma = false;
    while (!this.isPunct(')')) {
      items.push(this.parseValue());
      if (this.isPunct(',')) {
        this.next();
        sawComma = true;
      } else if (!this.isPunct(')')) {
        this.fail("',' or ')'");
      }
    }
    const end = this.next().span.end;
    if (items.length === 1 && !sawComma) return items[0]!;
    return { type: 'tuple', items, span: { start, end } };
  }

  private parseCall(): Literal {
    const callee = this.next();
    const start = callee.span.start;
    this.next(); // '('
    const args: Literal[] = [];
    const keywords: KeywordArgument[] = [];
    while (!this.isPunct(')')) {
      if (this.peek().type === 'ident' && this.isPunct('=', 1)) {
        const name = this.next();
        this.next();
        keywords.push({ name: name.text, nameSpan: name.span, value: this.parseValue() });
      } else {
        if (keywords.length > 0) this.fail('a keyword argument (name=value): positional arguments cannot follow keyword arguments');
        args.push(this.parseValue());
      }
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct(')')) this.fail("',' or ')'");
    }
    const end = this.next().span.end;
    return { type: 'call', callee: callee.text, calleeSpan: callee.span, args, keywords, span: { start, end } };
  }

  private parseObject(): Literal {
    const start = this.next().span.start;
    const entries: ObjectEntry[] = [];
    while (!this.isPunct('}')) {
      const key = this.peek();
      if (key.type !== 'string') this.fail("a quoted key or '}'");
      this.next();
      this.expectPunct(':', "':' after the key");
      entries.push({ key: key.value as string, keySpan: key.span, value: this.parseValue() });
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct('}')) this.fail("',' or '}'");
    }
    const end = this.next().span.end;
    return { type: 'object', entries, span: { start, end } };
  }
}

/** Reads one literal, optionally preceded by `NAME =` in Python mode, and nothing else. */
export function parseLiteral(text: string, mode: LiteralMode): Assignment {
  return new LiteralParser(text, mode).parseAssignment();
}
