// Reads OTLP request files (OTLP/JSON, JSON lines, or protobuf) and feeds them to a store, detecting
// the format by content: JSON when the first non-space byte is `{` or `[`, otherwise protobuf.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { OtlpDecodeError, decodeRequest, type OtlpEncoding, type OtlpSignal } from '../core/otlp';
import type { DecodedRequest } from '../core/model/types';
import type { IngestResult } from '../core/store';
import { parseJsonText } from '../core/otlp/json-text';

export interface ImportUnit {
  /** File name plus line number for JSON lines, used in error messages. */
  source: string;
  body: Uint8Array;
  signal: OtlpSignal;
  encoding: OtlpEncoding;
  /** Set when splitting already decoded the body (protobuf), so ingest does not decode it again. */
  decoded?: DecodedRequest;
}

/** What `ingestFiles` needs from a store (TraceStore satisfies it). */
export interface RequestIngester {
  ingestRequest(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding, decoded?: DecodedRequest): IngestResult;
}

export function emptyIngestResult(): IngestResult {
  return { acceptedSpans: 0, rejectedSpans: 0, acceptedLogs: 0, message: null, traceIds: [] };
}

export function mergeIngestResults(results: IngestResult[]): IngestResult {
  const merged = emptyIngestResult();
  const traceIds = new Set<string>();
  const messages: string[] = [];
  for (const r of results) {
    merged.acceptedSpans += r.acceptedSpans;
    merged.rejectedSpans += r.rejectedSpans;
    merged.acceptedLogs += r.acceptedLogs;
    if (r.message) messages.push(r.message);
    for (const id of r.traceIds) traceIds.add(id);
  }
  merged.traceIds = [...traceIds];
  merged.message = messages.length > 0 ? messages.join('; ') : null;
  const redacted = results.filter((r) => r.redactions);
  if (redacted.length > 0) {
    const hits: Record<string, number> = {};
    for (const r of redacted) for (const [rule, n] of Object.entries(r.redactions!.hits)) hits[rule] = (hits[rule] ?? 0) + n;
    merged.redactions = { hits, spans: redacted.flatMap((r) => r.redactions!.spans) };
  }
  return merged;
}

function firstSignificantByte(content: Uint8Array): number | undefined {
  let i = 0;
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) i = 3; // UTF-8 BOM
  while (i < content.length && (content[i] === 0x20 || content[i] === 0x0a || content[i] === 0x0d || content[i] === 0x09)) i++;
  return content[i];
}

function jsonSignal(value: unknown, source: string): OtlpSignal | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OtlpDecodeError(`${source}: not an OTLP request object`);
  }
  const keys = Object.keys(value);
  if (keys.includes('resourceLogs') || keys.includes('resource_logs')) return 'logs';
  if (keys.includes('resourceSpans') || keys.includes('resource_spans')) return 'traces';
  if (keys.includes('resourceMetrics') || keys.includes('resource_metrics')) return 'metrics';
  if (keys.length === 0) return null;
  throw new OtlpDecodeError(`${source}: not an OTLP request (no resourceSpans, resourceLogs or resourceMetrics)`);
}

function jsonUnits(text: string, name: string): ImportUnit[] {
  const encoder = new TextEncoder();
  const unit = (value: unknown, raw: string, source: string): ImportUnit[] => {
    const signal = jsonSignal(value, source);
    return signal ? [{ source, body: encoder.encode(raw), signal, encoding: 'json' }] : [];
  };
  let whole: unknown;
  let parsedWhole = true;
  try {
    // Long integer literals become strings, so re-encoding an array element keeps nanosecond times exact.
    whole = parseJsonText(text);
  } catch {
    parsedWhole = false;
  }
  if (parsedWhole) {
    if (Array.isArray(whole)) {
      return whole.flatMap((item, i) => unit(item, JSON.stringify(item), `${name}[${i}]`));
    }
    return unit(whole, text, name);
  }
  // JSON lines: one request per line.
  const units: ImportUnit[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const source = `${name}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new OtlpDecodeError(`${source}: invalid JSON (${(error as Error).message})`);
    }
    units.push(...unit(value, line, source));
  });
  return units;
}

/** Protobuf carries no signal marker: try the one the file name hints at, then the others. */
function protobufUnit(content: Uint8Array, name: string): ImportUnit {
  const order: OtlpSignal[] = /metric/i.test(name) ? ['metrics'] : /log/i.test(name) ? ['logs', 'traces'] : ['traces', 'logs'];
  let firstError: unknown = null;
  let emptyMatch: ImportUnit | null = null;
  for (const signal of order) {
    try {
      const decoded = decodeRequest(content, signal, 'protobuf');
      const unit: ImportUnit = { source: name, body: content, signal, encoding: 'protobuf', decoded };
      if (decoded.spans.length + decoded.logs.length + (decoded.metrics?.total ?? 0) > 0) return unit;
      emptyMatch ??= unit;
    } catch (error) {
      firstError ??= error;
    }
  }
  if (emptyMatch) return emptyMatch;
  const reason = firstError instanceof Error ? firstError.message : String(firstError);
  throw new OtlpDecodeError(`${name}: not an OTLP protobuf trace or logs request (${reason})`);
}

/** Split one file's bytes into OTLP requests. Throws OtlpDecodeError naming the file for bad content. */
export function splitImportFile(fileName: string, content: Uint8Array): ImportUnit[] {
  const name = basename(fileName);
  const first = firstSignificantByte(content);
  if (first === undefined) return [];
  if (first === 0x7b || first === 0x5b) {
    return jsonUnits(new TextDecoder('utf-8', { fatal: false }).decode(content), name);
  }
  return [protobufUnit(content, name)];
}

/** Ingest every request in one file's bytes; a bad request throws OtlpDecodeError naming its place. */
export function ingestFileContent(store: RequestIngester, fileName: string, content: Uint8Array): IngestResult {
  const results: IngestResult[] = [];
  for (const u of splitImportFile(fileName, content)) {
    try {
      results.push(store.ingestRequest(u.body, u.signal, u.encoding, u.decoded));
    } catch (error) {
      if (error instanceof OtlpDecodeError) throw new OtlpDecodeError(`${u.source}: ${error.message}`);
      throw error;
    }
  }
  return mergeIngestResults(results);
}

/** Ingest every request in `paths`; stops at the first bad file (earlier files stay ingested). */
export function ingestFiles(store: RequestIngester, paths: string[]): IngestResult {
  return mergeIngestResults(paths.map((path) => ingestFileContent(store, path, readFileSync(path))));
}
