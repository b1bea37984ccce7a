/**
 * Reads the simple part of two survey-logic languages: LimeSurvey's ExpressionScript relevance
 * (`Q1.NAOK == "A1" and !is_empty(Q2)`) and REDCap's branching logic (`[q1] = '1' or [q2(3)] = '1'`).
 * Only what a Formative condition can hold is understood: comparisons of one question with one
 * value, emptiness tests, and and/or. Anything else stops with an ExpressionProblem saying what
 * was met, so the importer can report the expression instead of guessing at it.
 */

export type Dialect = 'limesurvey' | 'redcap';
export type Comparison = '==' | '!=' | '>' | '<' | '>=' | '<=';

/** A question named in an expression; `option` is REDCap's checkbox option, as in [q1(2)]. */
export interface Reference {
  name: string;
  option?: string;
}

export type Expression =
  | { kind: 'always' }
  | { kind: 'compare'; ref: Reference; op: Comparison; value: string | number }
  | { kind: 'empty'; ref: Reference; empty: boolean }
  | { kind: 'and' | 'or'; parts: Expression[] };

export class ExpressionProblem extends Error {}

type Token =
  | { type: 'string'; text: string }
  | { type: 'number'; value: number }
  | { type: 'ref'; ref: Reference }
  | { type: 'word'; text: string }
  | { type: 'op'; text: string };

const wordOperators: Record<string, string> = { and: '&&', or: '||', eq: '==', ne: '!=', gt: '>', lt: '<', ge: '>=', le: '<=' };
const symbols = ['==', '!=', '<>', '>=', '<=', '&&', '||', '>', '<', '=', '!', '(', ')', ',', '+', '-', '*', '/', '{', '}'];

function readString(source: string, start: number): { text: string; end: number } {
  const quote = source[start];
  let text = '';
  for (let i = start + 1; i < source.length; i++) {
    const char = source[i];
    if (char === '\\' && i + 1 < source.length) text += source[++i];
    else if (char === quote) return { text, end: i + 1 };
    else text += char;
  }
  throw new ExpressionProblem('has a text value whose closing quote is missing');
}

/** REDCap names a field as [name], a checkbox option as [name(code)], another event as [event][name]. */
function readBracketed(source: string, start: number): { ref: Reference; end: number } {
  const close = source.indexOf(']', start);
  if (close < 0) throw new ExpressionProblem('has a [ without its closing ]');
  const inner = source.slice(start + 1, close).trim();
  if (source[close + 1] === '[') throw new ExpressionProblem(`refers to [${inner}] in another event or arm`);
  const match = /^([A-Za-z][A-Za-z0-9_]*)(?:\(([A-Za-z0-9_-]+)\))?$/.exec(inner);
  if (!match) throw new ExpressionProblem(`refers to [${inner}], which is not a plain field name`);
  return { ref: { name: match[1]!, ...(match[2] !== undefined ? { option: match[2] } : {}) }, end: close + 1 };
}

function readWord(source: string, start: number, dialect: Dialect): { token: Token; end: number } {
  const match = /^[A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z0-9_]+)*(?:\.[A-Za-z]+)?/.exec(source.slice(start))!;
  const text = match[0];
  const end = start + text.length;
  const lower = text.toLowerCase();
  if (wordOperators[lower]) return { token: { type: 'op', text: wordOperators[lower] }, end };
  if (lower === 'true' || lower === 'false' || /^\s*\(/.test(source.slice(end))) return { token: { type: 'word', text }, end };
  if (text.includes(':')) throw new ExpressionProblem(`refers to ${text}, a participant or survey attribute rather than a question`);
  if (dialect === 'redcap') throw new ExpressionProblem(`has the bare word ${text} where a [field] was expected`);
  const [name, suffix] = text.split('.') as [string, string | undefined];
  if (suffix && !['NAOK', 'code'].includes(suffix)) throw new ExpressionProblem(`uses ${text}, a property other than the answer`);
  return { token: { type: 'ref', ref: { name } }, end };
}

export function tokenize(source: string, dialect: Dialect): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '"' || char === "'") {
      const read = readString(source, i);
      tokens.push({ type: 'string', text: read.text });
      i = read.end;
    } else if (/^[0-9]+X[0-9]+X[0-9]+/.test(source.slice(i))) {
      throw new ExpressionProblem('names a question by its SGQA code rather than its question code');
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const text = /^[0-9]*\.?[0-9]+/.exec(source.slice(i))![0];
      tokens.push({ type: 'number', value: Number(text) });
      i += text.length;
    } else if (char === '[' && dialect === 'redcap') {
      const read = readBracketed(source, i);
      tokens.push({ type: 'ref', ref: read.ref });
      i = read.end;
    } else if (/[A-Za-z_]/.test(char)) {
      const read = readWord(source, i, dialect);
      tokens.push(read.token);
      i = read.end;
    } else {
      const symbol = symbols.find((s) => source.startsWith(s, i));
      if (!symbol) throw new ExpressionProblem(`has the character ${char}, which Formative conditions do not use`);
      tokens.push({ type: 'op', text: symbol });
      i += symbol.length;
    }
  }
  return tokens;
}

const comparisons: Record<string, Comparison> = { '==': '==', '!=': '!=', '<>': '!=', '>': '>', '<': '<', '>=': '>=', '<=': '<=' };
const flipped: Record<Comparison, Comparison> = { '==': '==', '!=': '!=', '>': '<', '<': '>', '>=': '<=', '<=': '>=' };

type Operand = { ref: Reference } | { value: string | number };

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly dialect: Dialect,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token | undefined {
    return this.tokens[this.position++];
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token?.type === 'op' && token.text === text;
  }

  private expect(text: string): void {
    if (!this.isOp(text)) throw new ExpressionProblem(`is missing a ${text}`);
    this.position++;
  }

  parseAll(): Expression {
    if (!this.tokens.length) return { kind: 'always' };
    const expression = this.parseSequence();
    if (this.position < this.tokens.length) throw new ExpressionProblem(`has more after a complete condition (${describe(this.peek()!)})`);
    return expression;
  }

  /** Terms joined by and, or by or; both at one level needs parentheses to be read safely. */
  private parseSequence(): Expression {
    const parts = [this.parseTerm()];
    const joins = new Set<string>();
    while (this.isOp('&&') || this.isOp('||')) {
      joins.add((this.next() as { text: string }).text);
      parts.push(this.parseTerm());
    }
    if (joins.size > 1) throw new ExpressionProblem('mixes and with or without parentheses');
    if (parts.length === 1) return parts[0]!;
    return { kind: joins.has('&&') ? 'and' : 'or', parts };
  }

  private parseTerm(): Expression {
    if (this.isOp('(')) {
      this.position++;
      const inner = this.parseSequence();
      this.expect(')');
      return inner;
    }
    if (this.isOp('!')) {
      this.position++;
      const inner = this.parseTerm();
      if (inner.kind !== 'empty') throw new ExpressionProblem('negates a whole expression with !');
      return { ...inner, empty: !inner.empty };
    }
    const token = this.peek();
    if (token?.type === 'word' && !['true', 'false'].includes(token.text.toLowerCase())) return this.parseCall(token.text);
    const left = this.parseOperand();
    const comparison = this.comparison();
    if (!comparison) return this.lone(left);
    this.position++;
    const right = this.parseOperand();
    if ('ref' in left && 'value' in right) return { kind: 'compare', ref: left.ref, op: comparison, value: right.value };
    if ('value' in left && 'ref' in right) return { kind: 'compare', ref: right.ref, op: flipped[comparison], value: left.value };
    throw new ExpressionProblem('value' in left ? 'compares two fixed values' : 'compares two questions with each other');
  }

  /** The comparison operator at this point, if any; REDCap writes equality as =, LimeSurvey as ==. */
  private comparison(): Comparison | undefined {
    const token = this.peek();
    if (token?.type !== 'op') return undefined;
    if (token.text === '=') {
      if (this.dialect === 'redcap') return '==';
      throw new ExpressionProblem('uses = (an assignment in ExpressionScript) where == was probably meant');
    }
    return comparisons[token.text];
  }

  private parseCall(name: string): Expression {
    this.position++;
    if (name !== 'is_empty' || this.dialect !== 'limesurvey') throw new ExpressionProblem(`uses the function ${name}()`);
    this.expect('(');
    const argument = this.next();
    if (argument?.type !== 'ref') throw new ExpressionProblem('uses is_empty() on something other than a question');
    this.expect(')');
    return { kind: 'empty', ref: argument.ref, empty: true };
  }

  private parseOperand(): Operand {
    const token = this.next();
    let operand: Operand;
    if (token?.type === 'ref') operand = { ref: token.ref };
    else if (token?.type === 'string') operand = { value: token.text };
    else if (token?.type === 'number') operand = { value: token.value };
    else if (token?.type === 'op' && token.text === '-' && this.peek()?.type === 'number') operand = { value: -(this.next() as { value: number }).value };
    else if (token?.type === 'word' && ['true', 'false'].includes(token.text.toLowerCase())) operand = { value: token.text.toLowerCase() === 'true' ? 1 : 0 };
    else throw new ExpressionProblem(token ? `has ${describe(token)} where a question or a value was expected` : 'ends where a question or a value was expected');
    const after = this.peek();
    if (after?.type === 'op' && ['+', '-', '*', '/'].includes(after.text)) throw new ExpressionProblem('uses arithmetic');
    return operand;
  }

  /** A value on its own: 1 or true means always shown; a question on its own is a test we do not map. */
  private lone(operand: Operand): Expression {
    if ('value' in operand && (operand.value === 1 || operand.value === '1')) return { kind: 'always' };
    if ('ref' in operand) throw new ExpressionProblem(`tests ${operand.ref.name} without comparing it with a value`);
    throw new ExpressionProblem(`is the fixed value ${String(operand.value)}`);
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'string':
      return `"${token.text}"`;
    case 'number':
      return String(token.value);
    case 'ref':
      return token.ref.name;
    default:
      return token.text;
  }
}

/** The expression as a tree of comparisons, or an ExpressionProblem saying what could not be read. */
export function parseExpression(source: string, dialect: Dialect): Expression {
  return new Parser(tokenize(source.trim(), dialect), dialect).parseAll();
}
