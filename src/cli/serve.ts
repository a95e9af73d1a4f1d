// `serve`: the receiver + ingest worker on a store folder until SIGINT/SIGTERM.
import path from 'node:path';
import { OtlpReceiver } from '../receiver/otlp-receiver';
import { StoreWorker } from '../store-worker';
import { ForwardManager } from '../core/forward/forwarder';
import { FORWARD_PROTOCOLS, type ForwardEndpoint, type ForwardProtocol } from '../core/forward/exporters';
import { ensureDir, parseCommandArgs, portFlag, positiveIntFlag, requireDb, stringFlag } from './args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from './io';
import { REDACTION_FLAGS, redactionFromFlags, redactionLines } from './redaction-flags';

export interface ServeHooks {
  /** Resolves when the server should stop; defaults to the first SIGINT/SIGTERM. */
  untilStopped?: Promise<unknown>;
}

function nextTerminationSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function listFlag(parsed: ReturnType<typeof parseCommandArgs>, name: string): string[] {
  const value = parsed.values[name] as unknown;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** `--forward URL... [--forward-protocol P] [--forward-header K=V...]`: every URL gets the same protocol and headers. */
export function forwardEndpoints(parsed: ReturnType<typeof parseCommandArgs>): ForwardEndpoint[] {
  const urls = listFlag(parsed, 'forward');
  const protocol = (stringFlag(parsed, 'forward-protocol') ?? 'http/protobuf') as ForwardProtocol;
  if (!FORWARD_PROTOCOLS.includes(protocol)) {
    throw new UsageError(`serve: --forward-protocol must be one of ${FORWARD_PROTOCOLS.join(', ')}, got "${protocol}"`);
  }
  const headers: Record<string, string> = {};
  for (const pair of listFlag(parsed, 'forward-header')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`serve: --forward-header must be KEY=VALUE, got "${pair}"`);
    headers[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  if (urls.length === 0 && (Object.keys(headers).length > 0 || parsed.values['forward-protocol'] !== undefined)) {
    throw new UsageError('serve: --forward-protocol and --forward-header need --forward URL');
  }
  return urls.map((url) => {
    try {
      const parsedUrl = new URL(url);
      if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      throw new UsageError(`serve: --forward needs an http:// or https:// URL, got "${url}"`);
    }
    return { url, protocol, headers };
  });
}

export async function runServe(args: string[], io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  const parsed = parseCommandArgs('serve', args, {
    db: { type: 'string' },
    host: { type: 'string' },
    'http-port': { type: 'string' },
    'grpc-port': { type: 'string' },
    ...REDACTION_FLAGS,
    forward: { type: 'string', multiple: true },
    'forward-protocol': { type: 'string' },
    'forward-header': { type: 'string', multiple: true },
    'forward-queue-dir': { type: 'string' },
    'forward-queue-mib': { type: 'string' },
  });
  if (parsed.positionals.length > 0) throw new UsageError(`serve: unexpected argument "${parsed.positionals[0]}"`);
  const dir = requireDb('serve', parsed);
  const host = stringFlag(parsed, 'host') ?? '127.0.0.1';
  const httpPort = portFlag('serve', parsed, 'http-port', 4318);
  const grpcPort = portFlag('serve', parsed, 'grpc-port', 4317);
  const redaction = redactionFromFlags('serve', parsed);
  const endpoints = forwardEndpoints(parsed);
  const queueMiB = positiveIntFlag('serve', parsed, 'forward-queue-mib');
  // Listen for signals before anything slow, so an early Ctrl-C still shuts down cleanly.
  const stopped = hooks.untilStopped ?? nextTerminationSignal();
  ensureDir(dir);
  const forward = endpoints.length > 0
    ? new ForwardManager(endpoints, stringFlag(parsed, 'forward-queue-dir') ?? path.join(dir, 'forward-queue'), {
      ...(queueMiB ? { maxQueueBytes: queueMiB * 1024 * 1024 } : {}),
      onWarning: (message) => io.stderr(`forward: ${message}\n`),
    })
    : null;
  let worker: StoreWorker;
  try {
    worker = await StoreWorker.start({ dir, redaction, ...(forward ? { forwardEncodings: forward.encodings() } : {}) });
  } catch (error) {
    await forward?.stop();
    throw error;
  }
  worker.onDidRedact((report) => {
    for (const line of redactionLines(report)) io.stderr(`${line}\n`);
  });
  if (forward) worker.onDidAccept((requests) => forward.enqueue(requests));
  let receiver: OtlpReceiver;
  try {
    receiver = await OtlpReceiver.start({ host, httpPort, grpcPort }, worker);
  } catch (error) {
    await worker.stop();
    await forward?.stop();
    throw error;
  }
  // When the worker stops restarting, every request would get 503 forever: stop and say so instead.
  let gaveUp: (error: Error) => void = () => {};
  const workerGaveUp = new Promise<Error>((resolve) => { gaveUp = resolve; });
  worker.onDidCrash((event) => {
    io.stderr(`ingest worker crashed: ${event.error.message}${event.restarted ? ' (restarted)' : ''}\n`);
    if (!event.restarted) gaveUp(event.error);
  });
  const { http, grpc } = receiver.address;
  io.stdout(`listening http=${hostPort(http.host, http.port)} grpc=${hostPort(grpc.host, grpc.port)}\n`);
  const outcome = await Promise.race([stopped.then(() => null), workerGaveUp]);
  await receiver.stop();
  await worker.stop();
  if (forward) {
    await forward.stop();
    for (const s of forward.status()) {
      io.stderr(`forward ${s.url}: ${s.forwardedRequests} request(s) forwarded, ${s.queuedRequests} queued, ` +
        `${s.droppedRequests} dropped, ${s.rejectedRequests} refused${s.lastError ? ` (last error: ${s.lastError})` : ''}\n`);
    }
  }
  if (outcome) {
    io.stderr(`serve: the ingest worker keeps crashing; stopping (${outcome.message})\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
