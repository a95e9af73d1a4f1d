// `trace-lens search`: case-insensitive search through the spans' stored content (attributes, messages,
// tool arguments and results, events, logs), newest first. Text lines stream out as segments are scanned.
import { MAX_SEARCH_TEXT_CHARS } from '../core/model/search-limits';
import type { ContentMatch, ContentSearchResult } from '../core/model/store-types';
import { labelText, safeLine } from '../core/text/safe-text';
import { existingDir, parseCommandArgs, positiveIntFlag, requireDb, stringFlag, traceIdArg } from './args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from './io';
import { withStore } from './store-commands';

/** Most matches when --limit is not given (the store's own default). */
export const DEFAULT_SEARCH_LIMIT = 200;

export interface SearchMatchRecord {
  traceId: string;
  spanId: string;
  name: string;
  kind: string;
  service: string | null;
  startTimeUnixNano: string;
  snippet: string;
}

export function searchMatchRecord(match: ContentMatch): SearchMatchRecord {
  const s = match.span;
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    name: s.name,
    kind: s.kind,
    service: s.service,
    startTimeUnixNano: s.startTimeUnixNano,
    snippet: match.snippet,
  };
}

/** Span content is untrusted: names become safe labels and the snippet a cleaned line between ⟦ ⟧ before reaching a terminal. */
export function searchMatchLine(r: SearchMatchRecord): string {
  return `${r.traceId}  ${r.spanId}  ${labelText(r.name, 120)}  [${r.kind}]  \u27e6${safeLine(r.snippet, 300)}\u27e7\n`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function searchSummaryLine(result: ContentSearchResult, limit: number): string {
  const matches = `${result.matchCount} match${result.matchCount === 1 ? '' : 'es'}, newest first`;
  const searched = `${megabytes(result.scannedBytes)} of ${megabytes(result.totalBytes)} searched`;
  if (result.complete) return `${matches}; all ${megabytes(result.totalBytes)} searched\n`;
  if (result.stoppedAtLimit) return `${matches}; stopped at --limit ${limit} (${searched}; older spans may match too)\n`;
  return `${matches}; stopped early (${searched})\n`;
}

export async function runSearch(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('search', args, {
    db: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' }, trace: { type: 'string' },
  });
  const dir = requireDb('search', parsed);
  if (parsed.positionals.length !== 1) throw new UsageError('search: expected exactly one TEXT (quote it if it has spaces)');
  const text = parsed.positionals[0]!;
  if (text.trim() === '') throw new UsageError('search: TEXT must not be empty');
  if (text.length > MAX_SEARCH_TEXT_CHARS) {
    throw new UsageError(`search: TEXT is ${text.length} characters long; search for at most ${MAX_SEARCH_TEXT_CHARS} (a distinctive part of it)`);
  }
  const rawTrace = stringFlag(parsed, 'trace');
  const traceId = rawTrace === undefined ? undefined : traceIdArg('search', rawTrace);
  const limit = positiveIntFlag('search', parsed, 'limit') ?? DEFAULT_SEARCH_LIMIT;
  const json = parsed.values.json === true;
  existingDir(dir);
  return withStore(dir, true, async (store) => {
    if (traceId !== undefined && store.getTraceSummary(traceId) === null) {
      io.stderr(`trace ${traceId} not found in ${dir}\n`);
      return EXIT_FAILURE;
    }
    const records: SearchMatchRecord[] = [];
    const result = await store.searchContent({ text, traceId, limit }, ({ matches }) => {
      for (const match of matches) {
        const record = searchMatchRecord(match);
        if (json) records.push(record);
        else io.stdout(searchMatchLine(record));
      }
    });
    io.stdout(json ? `${JSON.stringify(records, null, 2)}\n` : searchSummaryLine(result, limit));
    // Like grep: nothing found is a failure a script can test for.
    return result.matchCount > 0 ? EXIT_OK : EXIT_FAILURE;
  });
}
