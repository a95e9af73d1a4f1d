/**
 * A small JSON parser that keeps where every value sits in the text, so problems and
 * findings can point at a line and column. Strict JSON (RFC 8259): no comments, no trailing commas.
 */

export type JsonNode =
  | { kind: 'object'; offset: number; length: number; members: JsonMember[] }
  | { kind: 'array'; offset: number; length: number; items: JsonNode[] }
  | { kind: 'string'; offset: number; length: number; value: string }
  | { kind: 'number'; offset: number; length: number; value: number }
  | { kind: 'boolean'; offset: number; length: number; value: boolean }
  | { kind: 'null'; offset: number; length: number; value: null };

export interface JsonMember {
  key: string;
  keyOffset: number;
  keyLength: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const MAX_DEPTH = 200;

export function parseJsonAst(text: string): JsonNode {
  let pos = 0;

  const fail = (message: string, at = pos): never => {
    throw new JsonSyntaxError(message, at);
  };
  const describe = (at: number): string => (at >= text.length ? 'end of file' : `'${text[at]}'`);

  const skipSpace = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
  };

  const parseString = (): { value: string; offset: number; length: number } => {
    const start = pos;
    pos++; // opening quote
    let out = '';
    let runStart = pos;
    while (true) {
      if (pos >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(runStart, pos);
        pos++;
        return { value: out, offset: start, length: pos - start };
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        out += text.slice(runStart, pos);
        const e = text[pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          pos += 2;
        } else if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else {
          fail('bad escape in string');
        }
        runStart = pos;
      } else {
        pos++;
      }
    }
  };

  const parseValue = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skipSpace();
    const start = pos;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const members: JsonMember[] = [];
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', offset: start, length: pos - start, members };
      }
      while (true) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a property name in double quotes, found ${describe(pos)}`);
        const key = parseString();
        skipSpace();
        if (text[pos] !== ':') fail(`expected ':' after property name, found ${describe(pos)}`);
        pos++;
        const value = parseValue(depth + 1);
        members.push({ key: key.value, keyOffset: key.offset, keyLength: key.length, value });
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          skipSpace();
          if (text[pos] === '}') fail('trailing comma');
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return { kind: 'object', offset: start, length: pos - start, members };
        }
        fail(`expected ',' or '}', found ${describe(pos)}`);
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', offset: start, length: pos - start, items };
      }
      while (true) {
        items.push(parseValue(depth + 1));
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          skipSpace();
          if (text[pos] === ']') fail('trailing comma');
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return { kind: 'array', offset: start, length: pos - start, items };
        }
        fail(`expected ',' or ']', found ${describe(pos)}`);
      }
    }
    if (c === '"') {
      const s = parseString();
      return { kind: 'string', offset: s.offset, length: s.length, value: s.value };
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value === null
          ? { kind: 'null', offset: start, length: word.length, value }
          : { kind: 'boolean', offset: start, length: word.length, value };
      }
    }
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (num) {
      pos += num[0].length;
      return { kind: 'number', offset: start, length: num[0].length, value: Number(num[0]) };
    }
    return fail(`unexpected ${describe(pos)}`);
  };

  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  const root = parseValue(0);
  skipSpace();
  if (pos < text.length) fail(`unexpected ${describe(pos)} after the end of the document`);
  return root;
}

/** Maps character offsets to 1-based line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** The plain JS value of a node. */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      return Object.fromEntries(node.members.map((m) => [m.key, toPlain(m.value)]));
    }
    case 'array':
      return node.items.map(toPlain);
    default:
      return node.value;
  }
}
