// A stand-in for Grafana Tempo's and Jaeger's query APIs, answering from test/fixtures/remote (see the
// README there for where each shape comes from). Records every request so tests can check parameters.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { encodeTracesProtobuf } from '../../../../src/core/otlp';
import { decodeTracesJson } from '../../../../src/core/otlp/json-decode';

export const remoteFixtures = join(__dirname, '..', '..', '..', 'fixtures', 'remote');

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** Tempo's TraceByIDResponse in protobuf: field 1 Trace (its field 1 = ResourceSpans, as in an export request), field 3 status. */
export function traceByIdProtobuf(exportRequest: Uint8Array, partial = false): Buffer {
  return Buffer.concat([
    Buffer.from([0x0a, ...varint(exportRequest.length)]), Buffer.from(exportRequest),
    Buffer.from(partial ? [0x18, 0x01] : []),
  ]);
}

export interface Recorded { path: string; query: URLSearchParams; headers: IncomingMessage['headers'] }

export class FixtureServer {
  readonly requests: Recorded[] = [];
  /** Extra Tempo traces by id: protobuf export requests (e.g. a generated large trace). */
  readonly extraTempoTraces = new Map<string, { body: Uint8Array; partial?: boolean }>();
  /** Answer like a Tempo without the v2 route. */
  legacyTempo = false;
  /** Answer Tempo traces in JSON whatever Accept says. */
  tempoJsonOnly = false;
  /** When set, every request must carry this header value, else 401. */
  requiredAuth: string | null = null;
  private server!: Server;
  url = '';

  /** `dir`: the fixtures folder (the extension-host bundle cannot find it from its own location). */
  constructor(private readonly dir = remoteFixtures) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.route(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fixture');
    this.requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    if (this.requiredAuth !== null && req.headers.authorization !== this.requiredAuth) {
      send(res, 401, 'text/plain', 'Unauthorized\n');
      return;
    }
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (path === '/api/search') this.tempoSearch(url.searchParams, res);
    else if ((m = /^\/api\/v2\/traces\/([0-9a-fA-F]+)$/.exec(path))) {
      if (this.legacyTempo) send(res, 404, 'text/plain; charset=utf-8', '404 page not found\n');
      else this.tempoTrace(m[1]!, req, res, 'v2');
    } else if ((m = /^\/api\/traces\/([0-9a-fA-F]+)$/.exec(path))) this.tempoTrace(m[1]!, req, res, 'v1');
    else if ((m = /^\/api\/v3\/traces\/([0-9a-fA-F]+)$/.exec(path))) this.jaegerTrace(m[1]!, res);
    else if (path === '/api/v3/traces') this.jaegerFind(url.searchParams, res);
    else if (path === '/api/v3/services') send(res, 200, 'application/json', this.read('jaeger/services.json'));
    else if (path === '/api/v3/operations') {
      const file = `jaeger/operations-${url.searchParams.get('service') ?? ''}.json`;
      send(res, 200, 'application/json', existsSync(join(this.dir, file)) ? this.read(file) : '{"operations":[]}');
    } else send(res, 404, 'text/plain; charset=utf-8', '404 page not found\n');
  }

  private read(file: string): string {
    return readFileSync(join(this.dir, file), 'utf8');
  }

  private tempoSearch(q: URLSearchParams, res: ServerResponse): void {
    const query = q.get('q') ?? '';
    if (!/^\d+$/.test(q.get('start') ?? '') || !/^\d+$/.test(q.get('end') ?? '')) {
      send(res, 400, 'text/plain', 'invalid start or end\n');
      return;
    }
    if (query.includes('syntax-error')) {
      send(res, 400, 'text/plain; charset=utf-8', this.read('tempo/search-bad-traceql.txt'));
      return;
    }
    if (query.includes('nothing')) {
      send(res, 200, 'application/json', this.read('tempo/search-empty.json'));
      return;
    }
    const answer = JSON.parse(this.read('tempo/search-refund-bot.json')) as { traces: unknown[] };
    for (const id of this.extraTempoTraces.keys()) answer.traces.push({ traceID: id, rootServiceName: 'big', rootTraceName: 'big', startTimeUnixNano: '0', durationMs: 1 });
    const limit = Number(q.get('limit') ?? '20');
    answer.traces = answer.traces.slice(0, limit);
    send(res, 200, 'application/json', JSON.stringify(answer));
  }

  private tempoTrace(rawId: string, req: IncomingMessage, res: ServerResponse, version: 'v1' | 'v2'): void {
    const id = rawId.toLowerCase().padStart(32, '0');
    if (id === 'f'.repeat(32)) {
      send(res, 500, 'text/plain', 'error querying ingesters in Querier.FindTraceByID: context deadline exceeded\n');
      return;
    }
    const wantsProto = !this.tempoJsonOnly && (req.headers.accept ?? '').includes('application/protobuf');
    const extra = this.extraTempoTraces.get(id);
    if (extra) {
      send(res, 200, 'application/protobuf', traceByIdProtobuf(extra.body, extra.partial));
      return;
    }
    const file = version === 'v1' ? `tempo/trace-v1-${id}.json` : `tempo/trace-${id}.json`;
    if (!existsSync(join(this.dir, file))) {
      send(res, 404, 'text/plain', '');
      return;
    }
    const text = this.read(file);
    if (!wantsProto) {
      send(res, 200, 'application/json', text);
      return;
    }
    const root = JSON.parse(text) as { trace?: { resourceSpans: unknown }; batches?: unknown };
    const spans = decodeTracesJson({ resourceSpans: root.trace?.resourceSpans ?? root.batches }).spans;
    send(res, 200, 'application/protobuf', traceByIdProtobuf(encodeTracesProtobuf(spans)));
  }

  private jaegerTrace(rawId: string, res: ServerResponse): void {
    if (rawId === 'e'.repeat(32)) { // a body that is not valid OTLP
      send(res, 200, 'application/json', '{"result":{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz","spanId":1}]}]}]}}');
      return;
    }
    const file = `jaeger/get-trace-${rawId.toLowerCase()}.json`;
    if (existsSync(join(this.dir, file))) send(res, 200, 'application/json', this.read(file));
    else send(res, 404, 'application/json', this.read('jaeger/not-found.json'));
  }

  private jaegerFind(q: URLSearchParams, res: ServerResponse): void {
    const min = Date.parse(q.get('query.start_time_min') ?? '');
    const max = Date.parse(q.get('query.start_time_max') ?? '');
    if (Number.isNaN(min) || Number.isNaN(max) || q.get('query.service_name') === 'malformed') {
      send(res, 400, 'application/json', this.read('jaeger/bad-request.json'));
      return;
    }
    const file = `jaeger/find-traces-${q.get('query.service_name') ?? ''}.json`;
    if (!existsSync(join(this.dir, file))) {
      send(res, 404, 'application/json', this.read('jaeger/not-found.json'));
      return;
    }
    const answer = JSON.parse(this.read(file)) as { result: { resourceSpans: unknown[] } };
    const limit = Number(q.get('query.num_traces') ?? '100');
    answer.result.resourceSpans = answer.result.resourceSpans.slice(0, limit);
    send(res, 200, 'application/json', JSON.stringify(answer));
  }
}



function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}
