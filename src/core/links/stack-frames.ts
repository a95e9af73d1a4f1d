/**
 * Best-effort stack trace parsing for the formats agents usually send in `code.stacktrace` or
 * `exception.stacktrace`: Node/V8, Firefox/Safari (`fn@file:1:2`), Python tracebacks, Java/Kotlin, .NET, Go
 * (`runtime/debug.Stack()`, what the OTel Go SDK records) and Ruby (`full_message`, what the OTel Ruby SDK records).
 * Frames come back innermost first whatever the runtime's own order (Python prints innermost last).
 */

export interface StackFrame {
  filePath: string;
  line: number | null;
  column: number | null;
  function: string | null;
  /** The trimmed source line of the trace. */
  raw: string;
}

export function parseStackFrames(stack: string): StackFrame[] {
  const lines = stack.split(/\r?\n/);
  const python: StackFrame[] = [];
  const others: StackFrame[] = [];
  let previous = '';
  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (line === '') continue;
    const py = parsePythonFrame(line);
    if (py) {
      python.push(py);
      continue;
    }
    const frame = parseDotNetFrame(line) ?? parseJavaFrame(line) ?? parseV8Frame(line) ?? parseGoFrame(line, previous)
      ?? parseRubyFrame(line) ?? parseGeckoFrame(line);
    if (frame) others.push(frame);
    previous = line;
  }
  return [...python.reverse(), ...others];
}

function toInt(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? n : null;
}

/** Split `file:line:col` / `file:line` (file may itself contain colons: `C:\x`, `file:///x`). */
function splitLocation(location: string): { filePath: string; line: number | null; column: number | null } {
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(location);
  if (!m) return { filePath: location, line: null, column: null };
  return { filePath: m[1]!, line: toInt(m[2]), column: toInt(m[3]) };
}

const PYTHON_FRAME = /^File "(.+)", line (\d+)(?:, in (.+))?$/;

function parsePythonFrame(line: string): StackFrame | null {
  const m = PYTHON_FRAME.exec(line);
  if (!m) return null;
  return { filePath: m[1]!, line: toInt(m[2]), column: null, function: m[3] ?? null, raw: line };
}

function parseV8Frame(line: string): StackFrame | null {
  if (!line.startsWith('at ')) return null;
  let body = line.slice(3).trim();
  if (body.startsWith('async ')) body = body.slice(6);
  let fn: string | null = null;
  let location = body;
  const open = body.indexOf(' (');
  if (body.endsWith(')') && open >= 0) {
    fn = body.slice(0, open).trim();
    location = body.slice(open + 2, -1);
    if (fn.startsWith('new ')) fn = fn.slice(4);
  }
  // `eval at f (file:1:2), <anonymous>:1:1`: the eval'd code has no file of its own.
  if (location.startsWith('eval at ')) location = '<anonymous>';
  const loc = splitLocation(location);
  return { ...loc, function: fn && fn !== '<anonymous>' ? fn : null, raw: line };
}

function parseJavaFrame(line: string): StackFrame | null {
  const m = /^at\s+(?:[\w.$-]+\/)?([\w.$<>]+)\(([^)]*)\)$/.exec(line);
  if (!m) return null;
  const qualified = m[1]!;
  const inner = m[2]!;
  const loc = /^(.+?)(?::(\d+))?$/.exec(inner);
  let fileName = loc?.[1] ?? inner;
  if (fileName === 'Native Method' || fileName === 'Unknown Source') fileName = `<${fileName}>`;
  // The package gives the directory: com.acme.Agent.run(Agent.java:12) → com/acme/Agent.java
  const pkg = qualified.split('.').filter((part, i, all) => i < all.length - 2 && /^[a-z_$][\w$]*$/.test(part));
  const filePath = fileName.startsWith('<') ? fileName : [...pkg, fileName].join('/');
  return { filePath, line: toInt(loc?.[2]), column: null, function: qualified, raw: line };
}

function parseDotNetFrame(line: string): StackFrame | null {
  const m = /^at\s+(.+?)\s+in\s+(.+):line\s+(\d+)$/.exec(line);
  if (!m) return null;
  return { filePath: m[2]!, line: toInt(m[3]), column: null, function: m[1]!, raw: line };
}

const GO_LOCATION = /^(.+\.go):(\d+)(?: \+0x[0-9a-f]+)?$/;

/** Go prints a frame on two lines: `pkg.(*T).Method(0x1, ...)`, then `\t/path/file.go:42 +0x1d`. */
function parseGoFrame(line: string, previous: string): StackFrame | null {
  const m = GO_LOCATION.exec(line);
  if (!m) return null;
  let fn: string | null = null;
  const created = /^created by (\S+)/.exec(previous);
  if (created) fn = created[1]!;
  else if (/\)$/.test(previous) && !GO_LOCATION.test(previous)) fn = previous.replace(/\([^()]*\)$/, '') || null;
  return { filePath: m[1]!, line: toInt(m[2]), column: null, function: fn, raw: line };
}

/** Ruby: `/app/lib/agent.rb:12:in 'Agent#call'` (3.4) or `` in `call' `` (older), `from ` on later lines. */
function parseRubyFrame(line: string): StackFrame | null {
  const m = /^(?:from\s+)?(.+?):(\d+):in [`'](.+?)'(?:: .*)?$/.exec(line);
  if (!m) return null;
  return { filePath: m[1]!, line: toInt(m[2]), column: null, function: m[3]!, raw: line };
}

function parseGeckoFrame(line: string): StackFrame | null {
  const m = /^([^@\s]*)@(.+)$/.exec(line);
  if (!m) return null;
  const loc = splitLocation(m[2]!);
  if (loc.line === null) return null;
  return { ...loc, function: m[1] || null, raw: line };
}

const RUNTIME_PATTERNS: RegExp[] = [
  /(^|[\\/])node_modules[\\/]/,
  /^node:/,
  /^internal[\\/]/,
  /^<.*>$/, // <anonymous>, <frozen importlib._bootstrap>, <string>, <Native Method>
  /^native$/,
  /^(index|native) \d+$/,
  /[\\/](site|dist)-packages[\\/]/,
  /[\\/]lib[\\/]python\d+(\.\d+)?[\\/]/,
  /^(java|javax|jdk|sun|kotlin|kotlinx|scala)\//,
  // Go: the toolchain's sources (GOROOT) and the module cache.
  /(^|[\\/])(usr[\\/](local[\\/])?(lib[\\/])?go(-[\d.]+)?|Program Files[\\/]Go)[\\/]src[\\/]/,
  /[\\/]pkg[\\/]mod[\\/]/,
  // Ruby: the interpreter's library and installed gems.
  /[\\/]lib[\\/]ruby[\\/]\d/,
  /[\\/]gems[\\/]/,
];

/** True for frames that belong to a runtime, a dependency or generated code, never user code. */
export function isRuntimeFrame(frame: StackFrame): boolean {
  const p = frame.filePath.trim();
  if (p === '') return true;
  if (RUNTIME_PATTERNS.some((re) => re.test(p))) return true;
  // Java runtime frames are recognized by their class, not their file name.
  if (frame.function && /^(java|javax|jdk|sun|kotlin|kotlinx|scala)\./.test(frame.function) && !p.includes('/')) return true;
  return false;
}
