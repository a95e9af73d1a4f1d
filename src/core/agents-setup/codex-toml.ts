// Writes Codex's `[otel]` table into a config.toml text and leaves everything else byte for byte:
// other tables, comments, blank lines, and the keys of `[otel]` this setup does not manage.
// A small statement scanner instead of a TOML library: the libraries at hand parse to values and
// lose comments and layout when written back.

export interface CodexOtelOptions {
  /** `http://host:port` of the receiver's OTLP/HTTP listener; the per-signal paths are appended. */
  httpEndpoint: string;
  logUserPrompt: boolean;
}

export type CodexSplice =
  | { kind: 'unchanged' | 'replaced' | 'appended'; text: string }
  | { kind: 'unsupported'; reason: string };

/** The `[otel]` keys this setup writes; any other key of the table is kept. */
export const MANAGED_OTEL_KEYS: readonly string[] = ['exporter', 'trace_exporter', 'metrics_exporter', 'log_user_prompt'];

function otlpHttp(endpoint: string, signal: 'logs' | 'traces' | 'metrics'): string {
  return `{ otlp-http = { endpoint = ${JSON.stringify(`${endpoint.replace(/\/+$/, '')}/v1/${signal}`)}, protocol = "json" } }`;
}

/** The managed key lines, in the order they are written. */
export function codexOtelLines(options: CodexOtelOptions): string[] {
  return [
    `exporter = ${otlpHttp(options.httpEndpoint, 'logs')}`,
    `trace_exporter = ${otlpHttp(options.httpEndpoint, 'traces')}`,
    `metrics_exporter = ${otlpHttp(options.httpEndpoint, 'metrics')}`,
    `log_user_prompt = ${options.logUserPrompt}`,
  ];
}

/** The whole table as it is appended to a file that has none. */
export function codexOtelTable(options: CodexOtelOptions, eol = '\n'): string {
  return ['[otel]', ...codexOtelLines(options)].join(eol) + eol;
}

type Statement =
  | { kind: 'trivia'; start: number; end: number } // blank line or comment line
  | { kind: 'header'; start: number; end: number; path: string[]; arrayTable: boolean }
  | { kind: 'entry'; start: number; end: number; key: string[] };

class TomlShapeError extends Error {}

/** Splits TOML text into statements, each from its line start up to and including its line break. */
export function scanStatements(text: string): Statement[] {
  const out: Statement[] = [];
  let pos = 0;
  const fail = (what: string): never => {
    const line = text.slice(0, pos).split('\n').length;
    throw new TomlShapeError(`${what} on line ${line}`);
  };
  const skipSpaces = (): void => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  };
  const toLineEnd = (): void => {
    while (pos < text.length && text[pos] !== '\n') pos++;
    if (pos < text.length) pos++;
  };
  /** After a statement's content: only spaces and an optional comment may follow on the line. */
  const finishLine = (): void => {
    skipSpaces();
    if (text[pos] === '#') toLineEnd();
    else if (text[pos] === '\r' && text[pos + 1] === '\n') pos += 2;
    else if (text[pos] === '\n') pos++;
    else if (pos < text.length) fail('unexpected text after a value');
  };
  const readQuoted = (quote: '"' | "'"): string => {
    pos++;
    let value = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\n') fail('unterminated string');
      if (quote === '"' && text[pos] === '\\') {
        value += text[pos + 1] ?? '';
        pos += 2;
      } else {
        value += text[pos++];
      }
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return value;
  };
  const readKey = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      skipSpaces();
      const c = text[pos];
      if (c === '"' || c === "'") parts.push(readQuoted(c));
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(text.slice(pos, pos + 256));
        if (!m) fail('a key was expected');
        parts.push(m![0]);
        pos += m![0].length;
      }
      skipSpaces();
      if (text[pos] !== '.') return parts;
      pos++;
    }
  };
  const skipMultiline = (delimiter: '"""' | "'''"): void => {
    pos += 3;
    for (;;) {
      const found = text.indexOf(delimiter, pos);
      if (found < 0) fail('unterminated multi-line string');
      if (delimiter === '"""') {
        let backslashes = 0;
        for (let i = found - 1; i >= pos && text[i] === '\\'; i--) backslashes++;
        if (backslashes % 2 === 1) {
          pos = found + 1;
          continue;
        }
      }
      pos = found + 3;
      // Up to two quotes right before the closing delimiter belong to the string.
      for (let extra = 0; extra < 2 && text[pos] === delimiter[0]; extra++) pos++;
      return;
    }
  };
  /** Skips a value, which may run over lines inside brackets or multi-line strings. */
  const skipValue = (): void => {
    let depth = 0;
    while (pos < text.length) {
      const c = text[pos]!;
      if (text.startsWith('"""', pos)) skipMultiline('"""');
      else if (text.startsWith("'''", pos)) skipMultiline("'''");
      else if (c === '"' || c === "'") readQuoted(c);
      else if (c === '[' || c === '{') {
        depth++;
        pos++;
      } else if (c === ']' || c === '}') {
        depth--;
        pos++;
        if (depth < 0) fail('unbalanced brackets');
      } else if (c === '#') {
        if (depth === 0) return;
        while (pos < text.length && text[pos] !== '\n') pos++;
      } else if (c === '\n' || (c === '\r' && text[pos + 1] === '\n')) {
        if (depth === 0) return;
        pos++;
      } else pos++;
    }
    if (depth !== 0) fail('unbalanced brackets');
  };

  while (pos < text.length) {
    const start = pos;
    skipSpaces();
    const c = text[pos];
    if (c === undefined || c === '\n' || c === '#' || (c === '\r' && text[pos + 1] === '\n')) {
      toLineEnd();
      out.push({ kind: 'trivia', start, end: pos });
    } else if (c === '[') {
      const arrayTable = text[pos + 1] === '[';
      pos += arrayTable ? 2 : 1;
      const path = readKey();
      if (text[pos] !== ']' || (arrayTable && text[pos + 1] !== ']')) fail('a table header is not closed');
      pos += arrayTable ? 2 : 1;
      finishLine();
      out.push({ kind: 'header', start, end: pos, path, arrayTable });
    } else {
      const key = readKey();
      if (text[pos] !== '=') fail('`=` was expected after a key');
      pos++;
      skipSpaces();
      skipValue();
      finishLine();
      out.push({ kind: 'entry', start, end: pos, key });
    }
  }
  return out;
}

/** Writes (or rewrites) the managed keys of `[otel]` in a config.toml text. */
export function spliceCodexOtel(existing: string, options: CodexOtelOptions): CodexSplice {
  let statements: Statement[];
  try {
    statements = scanStatements(existing);
  } catch (error) {
    if (error instanceof TomlShapeError) return { kind: 'unsupported', reason: `config.toml could not be read: ${error.message}` };
    throw error;
  }
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const managed = new Set(MANAGED_OTEL_KEYS);

  // Which table each statement is in (null = the top of the file).
  let table: Statement & { kind: 'header' } | null = null;
  const tableOf: (Statement & { kind: 'header' } | null)[] = [];
  for (const s of statements) {
    if (s.kind === 'header') table = s;
    tableOf.push(table);
  }
  const isOtel = (h: { path: string[] } | null): boolean => h !== null && h.path[0] === 'otel';
  const isOtelTable = (h: { path: string[] } | null): boolean => isOtel(h) && h!.path.length === 1;
  const isManagedSubTable = (h: { path: string[] } | null): boolean => isOtel(h) && h!.path.length > 1 && managed.has(h!.path[1]!);

  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    if (s.kind === 'entry' && tableOf[i] === null && s.key[0] === 'otel') {
      return { kind: 'unsupported', reason: 'config.toml sets `otel` with a dotted key or an inline table at its top; edit it by hand' };
    }
    if (s.kind === 'header' && s.arrayTable && s.path[0] === 'otel') {
      return { kind: 'unsupported', reason: 'config.toml has `[[otel…]]` array tables; edit it by hand' };
    }
  }
  const otelHeaders = statements.filter((s) => s.kind === 'header' && isOtelTable(s));
  if (otelHeaders.length > 1) return { kind: 'unsupported', reason: 'config.toml has more than one [otel] table' };

  const lines = codexOtelLines(options);
  // The trailing blank lines and comments of a removed sub-table stay: they usually introduce what follows.
  const trailingTrivia = new Set<number>();
  for (let i = statements.length - 1, after: Statement | null = null; i >= 0; i--) {
    const s = statements[i]!;
    if (s.kind === 'trivia' && (after === null || after.kind === 'header' || trailingTrivia.has(i + 1))) trailingTrivia.add(i);
    after = s;
  }

  let out = '';
  let wroteTable = false;
  const writeTable = (): void => {
    out += `[otel]${eol}${lines.join(eol)}${eol}`;
    wroteTable = true;
  };
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    const text = existing.slice(s.start, s.end);
    const inTable = tableOf[i]!;
    if (s.kind === 'header' && isOtelTable(s)) {
      out += text.endsWith('\n') ? text : text + eol;
      out += lines.join(eol) + eol;
      wroteTable = true;
    } else if (inTable !== null && isOtelTable(inTable) && s.kind === 'entry' && managed.has(s.key[0]!)) {
      // replaced by the lines written under the header
    } else if (isManagedSubTable(inTable)) {
      if (s.kind === 'header' && otelHeaders.length === 0 && !wroteTable) writeTable();
      if (trailingTrivia.has(i)) out += text;
    } else {
      out += text;
    }
  }
  if (wroteTable) return { kind: out === existing ? 'unchanged' : 'replaced', text: out };

  let prefix = existing;
  if (prefix.length > 0 && !prefix.endsWith('\n')) prefix += eol;
  if (prefix.trim().length > 0 && !/\n[ \t]*\r?\n$/.test(prefix)) prefix += eol;
  return { kind: 'appended', text: prefix + codexOtelTable(options, eol) };
}
