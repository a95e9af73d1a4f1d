// Case-insensitive search through the payload records (attributes, messages, tool arguments and
// results, events, log records), newest segment first, a chunk at a time. A chunk's bytes are matched as
// one latin1 string by a loose regular expression built from the needle's first characters (fast, byte-wise,
// linear in the chunk), and each candidate record is then checked exactly on its decoded text for the whole
// needle, so non-ASCII text matches case-insensitively too.
import { MAX_SEARCH_TEXT_CHARS } from '../model/search-limits';
import type { PayloadStore, RecordChunk } from './payload-io';
import { recordStarts } from './payload-io';
import { RECORD_HEADER_BYTES, RecordKind, checkRecord, recordBody } from './segment-records';
import type { PayloadPointer } from './segment-files';

const SNIPPET_CHARS = 60;

export interface ContentHit {
  kind: RecordKind;
  traceId: string;
  spanId: string;
  pointer: PayloadPointer;
  snippet: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A character's UTF-8 bytes as a latin1 string (how it appears in the chunk string). */
function latin1OfUtf8(char: string): string {
  return Buffer.from(char, 'utf8').toString('latin1');
}

/**
 * Case folding for matching: lower, upper, lower again, so that characters whose upper case is longer fold
 * alike (ß and ẞ both become "ss", as German spells them in capitals).
 */
export function foldCase(text: string): string {
  return text.toLowerCase().toUpperCase().toLowerCase();
}

/** The text case-folded, as it appears inside a JSON record body (escaped). */
export function needleOf(text: string): string {
  return JSON.stringify(foldCase(text)).slice(1, -1);
}

/** A loose byte-level pattern for a needle: ASCII letters by the i flag, other characters as any of their case forms. */
export function prefilterPattern(needle: string): RegExp {
  return new RegExp(bytePattern(needle), 'gi');
}

/** "ss" in a folded needle may be ß or ẞ in the text. */
const SHARP_S = `(?:ss|${escapeRegExp(latin1OfUtf8('ß'))}|${escapeRegExp(latin1OfUtf8('ẞ'))})`;

function bytePattern(text: string): string {
  return text.split('ss').map(charsPattern).join(SHARP_S);
}

function charsPattern(text: string): string {
  let source = '';
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) {
      source += escapeRegExp(char);
      continue;
    }
    const forms = new Set([char, char.toLowerCase(), char.toUpperCase()].map(latin1OfUtf8));
    source += `(?:${[...forms].map(escapeRegExp).join('|')})`;
  }
  return source;
}

/** Text around the hit, on one line (control characters become spaces). */
function snippetOf(body: string, index: number, length: number): string {
  const start = Math.max(0, index - SNIPPET_CHARS);
  const end = Math.min(body.length, index + length + SNIPPET_CHARS);
  const text = body.slice(start, end).replace(/[\u0000-\u001f\u007f-\u009f\ufffd\s]+/g, ' ');
  return `${start > 0 ? '…' : ''}${text}${end < body.length ? '…' : ''}`;
}

/** Candidate span and log records in one chunk whose text contains the needle. */
export function searchChunk(chunk: RecordChunk, pattern: RegExp, needle: string): ContentHit[] {
  const { starts } = recordStarts(chunk.data);
  if (starts.length === 0) return [];
  const text = chunk.data.toString('latin1');
  const hits: ContentHit[] = [];
  pattern.lastIndex = 0;
  let record = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    while (record + 1 < starts.length && starts[record + 1]! <= match.index) record++;
    const at = starts[record]!;
    const total = RECORD_HEADER_BYTES + chunk.data.readUInt32LE(at + 8);
    pattern.lastIndex = at + total; // one hit per record is enough
    if (match.index < at + RECORD_HEADER_BYTES) {
      pattern.lastIndex = match.index + 1;
      continue;
    }
    const check = checkRecord(chunk.data, at);
    if (!check.ok || check.header.kind === RecordKind.Resource || !check.header.traceId || !check.header.spanId) continue;
    const body = recordBody(chunk.data, at, check.totalBytes);
    const index = foldCase(body).indexOf(needle);
    if (index < 0) continue;
    hits.push({
      kind: check.header.kind,
      traceId: check.header.traceId,
      spanId: check.header.spanId,
      pointer: { seg: chunk.seg, off: chunk.base + at, len: check.totalBytes },
      snippet: snippetOf(body, index, needle.length),
    });
  }
  return hits;
}

export interface ContentScanStep {
  hits: ContentHit[];
  scannedBytes: number;
  totalBytes: number;
  /** Set on the step after a segment's last chunk (no hits): its records were all scanned. */
  segmentEnd?: number;
}

/** Characters of the needle the byte-level prefilter looks for; each candidate record is then checked for the whole needle. */
const PREFILTER_CHARS = 32;

/**
 * The start of a needle for the prefilter: at most PREFILTER_CHARS, never ending inside a surrogate pair or
 * on the first "s" of an "ss" pair (the text may spell that pair ß).
 */
export function prefilterNeedle(needle: string): string {
  if (needle.length <= PREFILTER_CHARS) return needle;
  let head = needle.slice(0, PREFILTER_CHARS);
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  if (head.endsWith('s') && needle[head.length] === 's') {
    const run = head.length - head.replace(/s+$/, '').length;
    // Pairs are taken from the left of the run (needle.split('ss')), so an odd run ends on the first of a pair.
    if (run % 2 === 1) head = head.slice(0, -1);
  }
  return head;
}

/** The scan as steps of one chunk each (the caller decides when to go on, pause or stop). */
export function* scanContent(payloads: PayloadStore, text: string, chunkBytes = 8 * 1024 * 1024): Generator<ContentScanStep> {
  const segments = payloads.segmentSizes();
  const totalBytes = segments.reduce((sum, s) => sum + s.bytes, 0);
  if (text.length > MAX_SEARCH_TEXT_CHARS) throw new RangeError(`search text too long (${text.length} characters; at most ${MAX_SEARCH_TEXT_CHARS})`);
  const needle = needleOf(text);
  const pattern = prefilterPattern(prefilterNeedle(needle));
  let scannedBytes = 0;
  for (const { seg } of segments) {
    for (const chunk of payloads.chunks(seg, chunkBytes)) {
      const hits = searchChunk(chunk, pattern, needle);
      scannedBytes += chunk.data.length;
      yield { hits, scannedBytes: Math.min(scannedBytes, totalBytes), totalBytes };
    }
    yield { hits: [], scannedBytes: Math.min(scannedBytes, totalBytes), totalBytes, segmentEnd: seg };
  }
}
