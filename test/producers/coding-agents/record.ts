// Record live OTLP fixtures from the real coding-agent CLIs (see agents.ts):
//
//   node --import tsx test/producers/coding-agents/record.ts [agent[:mode] ...] [--keep]
//
// Writes test/fixtures/otlp/live-<agent>-<mode>/: one file per captured export in arrival order (NNN-<signal>.json
// as received, pretty-printed; NNN-<signal>.pb for protobuf plus NNN-<signal>.decoded.json), and a README.md.
// Everything is scrubbed first: machine paths, account/user ids, emails and host names get stable placeholders.
// Protobuf bodies are scrubbed by a schema-aware wire rewrite (string fields only, everything else copied
// byte for byte), so they stay valid.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { CapturedExport, Signal } from './capture-otlp';
import { FINAL_TEXT, GOODBYE_TEXT, SIDE_TEXT, TOOL_COMMAND, USAGE } from './fake-models';
import { AGENTS, CACHE, MODES, ROOT, runMode, type ModeDef, type RunDirs, type RunResult } from './agents';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'otlp');

// ------------------------------------------------------------------ scrubbing

/** Attribute keys whose whole value identifies a user, account, org, install or machine. */
const ID_KEYS = new Set([
  'user.id',
  'user.account_uuid',
  'user.account_id',
  'user.email',
  'organization.id',
  'org.id',
  'account.id',
  'installation.id',
  'enduser.id',
  'host.id',
  'host.name',
  'process.owner',
  'machine.id',
]);

/** Same shape, fixed content: hex/digits become a 0101… pattern, other letters `x`; emails and names get fixed values. */
function fakeValue(key: string, value: string): string {
  if (key === 'host.name') return 'host';
  if (key === 'process.owner') return 'user';
  if (value.includes('@')) return 'user@example.com';
  let i = 0;
  return value.replace(/[0-9a-fA-F]|[g-zG-Z]/g, (c) => (/[0-9a-fA-F]/.test(c) ? String(i++ % 2) : 'x'));
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export type Scrub = (value: string, key: string) => string;

/** A path starts at a string start, after a non-path character, or after an escaped \\n / \\t inside embedded JSON text. */
const PATH_START = String.raw`(?<=^|[^\w.-]|\\[ntr])`;

export function makeScrub(dirs: RunDirs): Scrub {
  // Longest first; a path only matches as a whole path segment prefix.
  const pairs: Array<[string, string]> = [
    [dirs.work, '/home/user/project'],
    [dirs.home, '/home/user'],
    [dirs.tmp, '/tmp'],
    [dirs.root, '/tmp/run'],
    [ROOT, '/home/user/trace-lens'],
    // Folders beside the checkout (other worktrees, shared files) read as the same placeholder.
    [path.dirname(ROOT), '/home/user'],
  ];
  // `/root` is also a legitimate value (Codex names its root agent `/root`): only scrub a real user's home.
  if (homedir() !== '/root') pairs.push([homedir(), '/home/user']);
  pairs.sort((a, b) => b[0].length - a[0].length);
  const rules = [
    // The CLIs' own install folder reads like a global npm install.
    [new RegExp(`${escapeRe(CACHE)}/[\\w.-]+/node_modules`, 'g'), '/usr/local/lib/node_modules'] as const,
    ...pairs
      .filter(([from]) => from.length > 1)
      .map(([from, to]) => [new RegExp(`${PATH_START}${escapeRe(from)}(?![\\w.-])`, 'g'), to] as const),
  ];
  return (value, key) => {
    if (ID_KEYS.has(key) && value !== '') return fakeValue(key, value);
    let out = value;
    for (const [re, to] of rules) out = out.replace(re, to);
    return out.replace(EMAIL, (m) => (/@(example\.(com|org)|anthropic\.com|openai\.com|google\.com)$/.test(m) ? m : 'user@example.com'));
  };
}

/** Scrub every string of an OTLP/JSON value; KeyValue pairs pass their key as context. */
function scrubJson(v: unknown, scrub: Scrub, key = ''): unknown {
  if (typeof v === 'string') return scrub(v, key);
  if (Array.isArray(v)) return v.map((x) => scrubJson(x, scrub, key));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const ctx = typeof o.key === 'string' && 'value' in o ? o.key : key;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = k === 'key' ? x : scrubJson(x, scrub, ctx);
    return out;
  }
  return v;
}

// JSON.parse would round 64-bit integers (nanosecond times when sent as numbers): keep their digits verbatim.
const BIG = '__bigint__';
function parseKeepingBigInts(text: string): unknown {
  let out = '';
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inStr = false;
    } else if (c === '"') {
      inStr = true;
      out += c;
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 64))!;
      const tok = m[0];
      out += !m[1] && !m[2] && tok.replace('-', '').length > 15 ? `"${BIG}${tok}"` : tok;
      i += tok.length - 1;
    } else out += c;
  }
  return JSON.parse(out);
}
const stringifyKeepingBigInts = (v: unknown): string => JSON.stringify(v, null, 2).replace(new RegExp(`"${BIG}(-?\\d+)"`, 'g'), '$1') + '\n';

// ------------------------------------------------------------------ OTLP protobuf: schema-aware walk

type FieldType = 'S' | 'B' | 'B64' | 'V' | 'I' | 'Z' | 'b' | 'F64' | 'SF64' | 'D' | 'F32' | 'PF64' | 'PD' | 'PV' | string;
type Field = [name: string, type: FieldType, repeated?: true];
const KV: Field = ['attributes', 'KeyValue', true];
const SCHEMA: Record<string, Record<number, Field>> = {
  traces: { 1: ['resourceSpans', 'ResourceSpans', true] },
  logs: { 1: ['resourceLogs', 'ResourceLogs', true] },
  metrics: { 1: ['resourceMetrics', 'ResourceMetrics', true] },
  Resource: { 1: KV, 2: ['droppedAttributesCount', 'V'] },
  Scope: { 1: ['name', 'S'], 2: ['version', 'S'], 3: KV, 4: ['droppedAttributesCount', 'V'] },
  KeyValue: { 1: ['key', 'S'], 2: ['value', 'AnyValue'] },
  AnyValue: {
    1: ['stringValue', 'S'],
    2: ['boolValue', 'b'],
    3: ['intValue', 'I'],
    4: ['doubleValue', 'D'],
    5: ['arrayValue', 'ArrayValue'],
    6: ['kvlistValue', 'KeyValueList'],
    7: ['bytesValue', 'B64'],
  },
  ArrayValue: { 1: ['values', 'AnyValue', true] },
  KeyValueList: { 1: ['values', 'KeyValue', true] },
  ResourceSpans: { 1: ['resource', 'Resource'], 2: ['scopeSpans', 'ScopeSpans', true], 3: ['schemaUrl', 'S'] },
  ScopeSpans: { 1: ['scope', 'Scope'], 2: ['spans', 'Span', true], 3: ['schemaUrl', 'S'] },
  Span: {
    1: ['traceId', 'B'],
    2: ['spanId', 'B'],
    3: ['traceState', 'S'],
    4: ['parentSpanId', 'B'],
    16: ['flags', 'F32'],
    5: ['name', 'S'],
    6: ['kind', 'V'],
    7: ['startTimeUnixNano', 'F64'],
    8: ['endTimeUnixNano', 'F64'],
    9: KV,
    10: ['droppedAttributesCount', 'V'],
    11: ['events', 'SpanEvent', true],
    12: ['droppedEventsCount', 'V'],
    13: ['links', 'Link', true],
    14: ['droppedLinksCount', 'V'],
    15: ['status', 'Status'],
  },
  SpanEvent: { 1: ['timeUnixNano', 'F64'], 2: ['name', 'S'], 3: KV, 4: ['droppedAttributesCount', 'V'] },
  Link: { 1: ['traceId', 'B'], 2: ['spanId', 'B'], 3: ['traceState', 'S'], 4: KV, 5: ['droppedAttributesCount', 'V'], 6: ['flags', 'F32'] },
  Status: { 2: ['message', 'S'], 3: ['code', 'V'] },
  ResourceLogs: { 1: ['resource', 'Resource'], 2: ['scopeLogs', 'ScopeLogs', true], 3: ['schemaUrl', 'S'] },
  ScopeLogs: { 1: ['scope', 'Scope'], 2: ['logRecords', 'LogRecord', true], 3: ['schemaUrl', 'S'] },
  LogRecord: {
    1: ['timeUnixNano', 'F64'],
    11: ['observedTimeUnixNano', 'F64'],
    2: ['severityNumber', 'V'],
    3: ['severityText', 'S'],
    5: ['body', 'AnyValue'],
    6: KV,
    7: ['droppedAttributesCount', 'V'],
    8: ['flags', 'F32'],
    9: ['traceId', 'B'],
    10: ['spanId', 'B'],
    12: ['eventName', 'S'],
  },
  ResourceMetrics: { 1: ['resource', 'Resource'], 2: ['scopeMetrics', 'ScopeMetrics', true], 3: ['schemaUrl', 'S'] },
  ScopeMetrics: { 1: ['scope', 'Scope'], 2: ['metrics', 'Metric', true], 3: ['schemaUrl', 'S'] },
  Metric: {
    1: ['name', 'S'],
    2: ['description', 'S'],
    3: ['unit', 'S'],
    5: ['gauge', 'Gauge'],
    7: ['sum', 'Sum'],
    9: ['histogram', 'Histogram'],
    10: ['exponentialHistogram', 'ExpHistogram'],
    11: ['summary', 'Summary'],
    12: ['metadata', 'KeyValue', true],
  },
  Gauge: { 1: ['dataPoints', 'NumberDataPoint', true] },
  Sum: { 1: ['dataPoints', 'NumberDataPoint', true], 2: ['aggregationTemporality', 'V'], 3: ['isMonotonic', 'b'] },
  Histogram: { 1: ['dataPoints', 'HistogramDataPoint', true], 2: ['aggregationTemporality', 'V'] },
  ExpHistogram: { 1: ['dataPoints', 'ExpHistogramDataPoint', true], 2: ['aggregationTemporality', 'V'] },
  Summary: { 1: ['dataPoints', 'SummaryDataPoint', true] },
  NumberDataPoint: {
    7: KV,
    2: ['startTimeUnixNano', 'F64'],
    3: ['timeUnixNano', 'F64'],
    4: ['asDouble', 'D'],
    6: ['asInt', 'SF64'],
    5: ['exemplars', 'Exemplar', true],
    8: ['flags', 'V'],
  },
  HistogramDataPoint: {
    9: KV,
    2: ['startTimeUnixNano', 'F64'],
    3: ['timeUnixNano', 'F64'],
    4: ['count', 'F64'],
    5: ['sum', 'D'],
    6: ['bucketCounts', 'PF64'],
    7: ['explicitBounds', 'PD'],
    8: ['exemplars', 'Exemplar', true],
    10: ['flags', 'V'],
    11: ['min', 'D'],
    12: ['max', 'D'],
  },
  ExpHistogramDataPoint: {
    1: KV,
    2: ['startTimeUnixNano', 'F64'],
    3: ['timeUnixNano', 'F64'],
    4: ['count', 'F64'],
    5: ['sum', 'D'],
    6: ['scale', 'Z'],
    7: ['zeroCount', 'F64'],
    8: ['positive', 'Buckets'],
    9: ['negative', 'Buckets'],
    10: ['flags', 'V'],
    11: ['exemplars', 'Exemplar', true],
    12: ['min', 'D'],
    13: ['max', 'D'],
    14: ['zeroThreshold', 'D'],
  },
  Buckets: { 1: ['offset', 'Z'], 2: ['bucketCounts', 'PV'] },
  SummaryDataPoint: {
    7: KV,
    2: ['startTimeUnixNano', 'F64'],
    3: ['timeUnixNano', 'F64'],
    4: ['count', 'F64'],
    5: ['sum', 'D'],
    6: ['quantileValues', 'Quantile', true],
    8: ['flags', 'V'],
  },
  Quantile: { 1: ['quantile', 'D'], 2: ['value', 'D'] },
  Exemplar: { 7: ['filteredAttributes', 'KeyValue', true], 2: ['timeUnixNano', 'F64'], 3: ['asDouble', 'D'], 6: ['asInt', 'SF64'], 4: ['spanId', 'B'], 5: ['traceId', 'B'] },
};

interface WireField {
  no: number;
  wire: number;
  /** Whole field bytes (tag included), for verbatim copies. */
  raw: Buffer;
  /** Varint value, fixed bytes, or length-delimited payload. */
  varint?: bigint;
  data?: Buffer;
}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    v |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return [v, pos];
    shift += 7n;
  }
}

function writeVarint(v: bigint): Buffer {
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return Buffer.from(out);
}

function parseFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    const f: WireField = { no, wire, raw: buf };
    if (wire === 0) [f.varint, pos] = readVarint(buf, pos);
    else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      f.data = buf.subarray(pos, pos + n);
      pos += n;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      f.data = buf.subarray(p2, p2 + Number(len));
      pos = p2 + Number(len);
    } else throw new Error(`unsupported wire type ${wire}`);
    if (pos > buf.length) throw new Error('truncated field');
    f.raw = buf.subarray(start, pos);
    fields.push(f);
  }
  return fields;
}

const lenField = (no: number, data: Buffer): Buffer => Buffer.concat([writeVarint(BigInt((no << 3) | 2)), writeVarint(BigInt(data.length)), data]);

/** Re-encode `buf` (a message of type `type`) with every string field passed through `scrub`. */
export function rewriteProto(buf: Buffer, type: string, scrub: Scrub, key = ''): Buffer {
  const schema = SCHEMA[type];
  const fields = parseFields(buf);
  const ctx = type === 'KeyValue' ? (fields.find((f) => f.no === 1 && f.data)?.data?.toString('utf8') ?? key) : key;
  return Buffer.concat(
    fields.map((f) => {
      const def = schema?.[f.no];
      if (!def || f.wire !== 2 || !f.data) return f.raw;
      if (def[1] === 'S') return type === 'KeyValue' && f.no === 1 ? f.raw : lenField(f.no, Buffer.from(scrub(f.data.toString('utf8'), ctx), 'utf8'));
      if (SCHEMA[def[1]]) return lenField(f.no, rewriteProto(f.data, def[1], scrub, ctx));
      return f.raw;
    }),
  );
}

/** Protobuf → OTLP/JSON-style object (lowerCamelCase, hex ids, 64-bit integers as strings). */
export function decodeProto(buf: Buffer, type: string): Record<string, unknown> {
  const schema = SCHEMA[type] ?? {};
  const out: Record<string, unknown> = {};
  const put = (def: Field, v: unknown): void => {
    const [name, , rep] = def;
    if (rep || /^P/.test(def[1])) ((out[name] ??= []) as unknown[]).push(...(Array.isArray(v) && /^P/.test(def[1]) ? v : [v]));
    else out[name] = v;
  };
  for (const f of parseFields(buf)) {
    const def = schema[f.no] ?? ([`field${f.no}`, f.wire === 2 ? 'B64' : f.wire === 0 ? 'V' : 'F64'] as Field);
    const t = def[1];
    if (SCHEMA[t] && f.data) put(def, decodeProto(f.data, t));
    else if (t === 'S') put(def, f.data!.toString('utf8'));
    else if (t === 'B') put(def, f.data!.toString('hex'));
    else if (t === 'B64') put(def, f.data!.toString('base64'));
    else if (t === 'b') put(def, f.varint === 1n);
    else if (t === 'V') put(def, Number(f.varint));
    else if (t === 'I') put(def, BigInt.asIntN(64, f.varint!).toString());
    else if (t === 'Z') put(def, Number((f.varint! >> 1n) ^ -(f.varint! & 1n)));
    else if (t === 'F32') put(def, f.data!.readUInt32LE(0));
    else if (t === 'F64') put(def, f.data!.readBigUInt64LE(0).toString());
    else if (t === 'SF64') put(def, f.data!.readBigInt64LE(0).toString());
    else if (t === 'D') put(def, f.data!.readDoubleLE(0));
    else if (t === 'PF64' || t === 'PD') {
      const d = f.data!;
      const vals: unknown[] = [];
      if (f.wire === 2) for (let i = 0; i + 8 <= d.length; i += 8) vals.push(t === 'PD' ? d.readDoubleLE(i) : d.readBigUInt64LE(i).toString());
      else vals.push(t === 'PD' ? d.readDoubleLE(0) : d.readBigUInt64LE(0).toString());
      put(def, vals);
    } else if (t === 'PV') {
      const vals: unknown[] = [];
      if (f.wire === 2) for (let p = 0; p < f.data!.length; ) {
        const [v, np] = readVarint(f.data!, p);
        vals.push(v.toString());
        p = np;
      }
      else vals.push(f.varint!.toString());
      put(def, vals);
    }
  }
  return out;
}

// ------------------------------------------------------------------ summaries

interface Summary {
  spans: number;
  logRecords: number;
  dataPoints: number;
  names: Set<string>;
}

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const attr = (rec: Obj, key: string): unknown => {
  const kv = list(rec.attributes).find((a) => a.key === key);
  const v = kv?.value as Obj | undefined;
  return v ? Object.values(v)[0] : undefined;
};

/** Counts and names (span names, log event names, metric names) of one OTLP/JSON-shaped request. */
function summarize(signal: Signal, root: Obj): Summary {
  const s: Summary = { spans: 0, logRecords: 0, dataPoints: 0, names: new Set() };
  if (signal === 'traces')
    for (const rs of list(root.resourceSpans)) for (const ss of list(rs.scopeSpans)) for (const sp of list(ss.spans)) {
      s.spans++;
      s.names.add(String(sp.name));
    }
  if (signal === 'logs')
    for (const rl of list(root.resourceLogs)) for (const sl of list(rl.scopeLogs)) for (const r of list(sl.logRecords)) {
      s.logRecords++;
      const body = r.body as Obj | undefined;
      s.names.add(String(attr(r, 'event.name') ?? r.eventName ?? body?.stringValue ?? '?'));
    }
  if (signal === 'metrics')
    for (const rm of list(root.resourceMetrics)) for (const sm of list(rm.scopeMetrics)) for (const m of list(sm.metrics)) {
      s.names.add(String(m.name));
      for (const k of ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary']) s.dataPoints += list((m[k] as Obj | undefined)?.dataPoints).length;
    }
  return s;
}

// ------------------------------------------------------------------ fixtures

interface WrittenFile {
  exp: CapturedExport;
  files: string[];
  summary: Summary;
}

function writeFixture(r: RunResult): string {
  const dir = path.join(FIXTURES, `live-${r.def.agent}-${r.def.mode}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const scrub = makeScrub(r.dirs);
  const written: WrittenFile[] = [];
  r.exports.forEach((exp, i) => {
    const base = `${String(i + 1).padStart(3, '0')}-${exp.signal}`;
    if (exp.encoding === 'json') {
      const root = scrubJson(parseKeepingBigInts(exp.body.toString('utf8')), scrub) as Obj;
      writeFileSync(path.join(dir, `${base}.json`), stringifyKeepingBigInts(root));
      written.push({ exp, files: [`${base}.json`], summary: summarize(exp.signal, root) });
    } else {
      const pb = rewriteProto(exp.body, exp.signal, scrub);
      const decoded = decodeProto(pb, exp.signal);
      writeFileSync(path.join(dir, `${base}.pb`), pb);
      // Large bodies (Codex) get a one-line decoded view to keep the folder small; the JSON modes have them pretty.
      writeFileSync(path.join(dir, `${base}.decoded.json`), JSON.stringify(decoded, null, pb.length > 65_536 ? undefined : 2) + '\n');
      written.push({ exp, files: [`${base}.pb`, `${base}.decoded.json`], summary: summarize(exp.signal, decoded) });
    }
  });
  writeFileSync(path.join(dir, 'README.md'), readme(r, written, scrub));
  for (const f of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, f), 'latin1');
    for (const leak of [r.dirs.root, ROOT]) if (text.includes(leak)) console.log(`  WARNING: ${f} still contains a machine path`);
  }
  return dir;
}

function readme(r: RunResult, written: WrittenFile[], scrub: Scrub): string {
  const { def, agent } = r;
  // Ports are random per run: show them as <port>.
  const ph = (s: string): string => scrub(s, '').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
  const L: string[] = [];
  L.push(`# ${agent.name} — ${def.mode} (recorded by test/producers/coding-agents/record.ts)`, '');
  L.push(`${def.summary}.`, '');
  L.push(`- Package: \`${agent.pkg}@${agent.version}\` (native binary / bundle run directly from the npm install)`);
  L.push(`- Re-record: \`node --import tsx test/producers/coding-agents/record.ts ${agent.name}:${def.mode}\``);
  L.push(`- Fake model: ${agent.model} API on 127.0.0.1 (test/producers/coding-agents/fake-models.ts); OTLP capture on 127.0.0.1 (capture-otlp.ts)`);
  L.push(`- Temporary HOME (\`/home/user\`), working folder \`/home/user/project\`, TMPDIR and XDG dirs per run; paths, ids and host names scrubbed`);
  L.push('');
  r.turns.forEach((t, i) => {
    L.push(`## Turn ${i + 1}`, '');
    L.push('```sh');
    for (const [k, v] of Object.entries(t.env)) L.push(`${k}=${ph(v)} \\`);
    L.push(`${agent.name === 'gemini-cli' ? 'gemini' : agent.name === 'codex' ? 'codex' : 'claude'} ${t.args.map((a) => (/[\s`'"]/.test(a) ? `'${a}'` : a)).join(' ')}`);
    L.push('```', '');
    L.push(`Exit ${t.exitCode ?? t.signal}${t.timedOut ? ' (timed out)' : ''} after ${(t.durationMs / 1000).toFixed(1)} s. Stdout: \`${ph(t.stdout.trim()).slice(0, 200).replace(/\n/g, ' ⏎ ')}\``, '');
  });
  for (const [file, content] of Object.entries(r.files)) {
    L.push(`Config \`~/${file}\`:`, '', '```', ph(content).trimEnd(), '```', '');
  }
  L.push('## Fake model exchange', '');
  L.push(`Tool call: \`${TOOL_COMMAND}\`; after the tool result: "${FINAL_TEXT}"; other tool-offering prompts: "${GOODBYE_TEXT}"; side calls without tools: "${SIDE_TEXT}" (or schema-shaped JSON).`);
  L.push(
    `Usage (uncached input / cache read / cache write / output / reasoning): tool call ${Object.values(USAGE.toolCall).join('/')}, ` +
      `final ${Object.values(USAGE.final).join('/')}, plain ${Object.values(USAGE.plain).join('/')}, side ${Object.values(USAGE.side).join('/')}. ` +
      'OpenAI/Gemini report input including cached (input+cacheRead) and output including reasoning for OpenAI.',
    '',
  );
  for (const q of r.modelRequests) L.push(`- \`${q.method} ${q.url.replace(/key=[^&]+/, 'key=…')}\` → ${q.answer}`);
  L.push('', '## Files', '', '| file | signal | transport | encoding | compression | spans | log records | data points |', '|---|---|---|---|---|---|---|---|');
  for (const w of written)
    L.push(`| ${w.files.join(', ')} | ${w.exp.signal} | ${w.exp.transport} | ${w.exp.encoding} | ${w.exp.transport === 'grpc' ? 'not visible (grpc-js inflates)' : (w.exp.compression ?? '-')} | ${w.summary.spans} | ${w.summary.logRecords} | ${w.summary.dataPoints} |`);
  L.push('');
  for (const sig of ['traces', 'logs', 'metrics'] as const) {
    const names = new Set(written.filter((w) => w.exp.signal === sig).flatMap((w) => [...w.summary.names]));
    if (names.size) L.push(`**${sig === 'traces' ? 'Span' : sig === 'logs' ? 'Log event' : 'Metric'} names** (${names.size}): ${[...names].sort().map((n) => `\`${n}\``).join(', ')}`, '');
  }
  if (r.missing.length) L.push(`**Never received**: ${r.missing.join(', ')}.`, '');
  const ua = new Set(r.exports.map((e) => e.userAgent).filter(Boolean));
  if (ua.size) L.push(`Exporter user agents: ${[...ua].map((u) => `\`${u}\``).join(', ')}.`, '');
  return L.join('\n');
}

function dirSize(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const keep = argv.includes('--keep');
  const wanted = argv.filter((a) => !a.startsWith('--'));
  const selected: ModeDef[] = wanted.length
    ? wanted.flatMap((w) => {
        const [agent, mode] = w.split(':');
        if (!(agent in AGENTS)) throw new Error(`unknown agent ${agent}; known: ${Object.keys(AGENTS).join(', ')}`);
        const found = MODES.filter((m) => m.agent === agent && (!mode || m.mode === mode));
        if (!found.length) throw new Error(`unknown mode ${w}; known: ${MODES.map((m) => `${m.agent}:${m.mode}`).join(', ')}`);
        return found;
      })
    : MODES;
  let failed = 0;
  for (const def of selected) {
    console.log(`${def.agent}:${def.mode}`);
    const r = await runMode(def, { keep, log: console.log });
    if (keep) console.log(`  kept ${r.dirs.root}`);
    const last = r.turns[r.turns.length - 1];
    if (!r.exports.length || last?.exitCode !== 0) {
      failed++;
      console.log(`  FAILED: exit ${last?.exitCode ?? last?.signal}, ${r.exports.length} exports\n  stderr: ${last?.stderr.slice(-2000)}`);
      if (!r.exports.length) continue;
    }
    const dir = writeFixture(r);
    const counts = (['traces', 'logs', 'metrics'] as const).map((s) => `${s} ${r.exports.filter((e) => e.signal === s).length}`).join(', ');
    console.log(`  wrote ${path.relative(ROOT, dir)} (${counts}; ${(dirSize(dir) / 1024).toFixed(0)} KB)${r.missing.length ? `; never received: ${r.missing.join(', ')}` : ''}`);
  }
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) void main();
