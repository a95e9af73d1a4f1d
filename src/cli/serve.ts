// `serve`: the receiver + ingest worker on a store folder until SIGINT/SIGTERM.
import { OtlpReceiver } from '../receiver/otlp-receiver';
import { StoreWorker } from '../store-worker';
import { ensureDir, parseCommandArgs, portFlag, requireDb, stringFlag } from './args';
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

export async function runServe(args: string[], io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  const parsed = parseCommandArgs('serve', args, {
    db: { type: 'string' },
    host: { type: 'string' },
    'http-port': { type: 'string' },
    'grpc-port': { type: 'string' },
    ...REDACTION_FLAGS,
  });
  if (parsed.positionals.length > 0) throw new UsageError(`serve: unexpected argument "${parsed.positionals[0]}"`);
  const dir = requireDb('serve', parsed);
  const host = stringFlag(parsed, 'host') ?? '127.0.0.1';
  const httpPort = portFlag('serve', parsed, 'http-port', 4318);
  const grpcPort = portFlag('serve', parsed, 'grpc-port', 4317);
  const redaction = redactionFromFlags('serve', parsed);
  // Listen for signals before anything slow, so an early Ctrl-C still shuts down cleanly.
  const stopped = hooks.untilStopped ?? nextTerminationSignal();
  ensureDir(dir);
  const worker = await StoreWorker.start({ dir, redaction });
  worker.onDidRedact((report) => {
    for (const line of redactionLines(report)) io.stderr(`${line}\n`);
  });
  let receiver: OtlpReceiver;
  try {
    receiver = await OtlpReceiver.start({ host, httpPort, grpcPort }, worker);
  } catch (error) {
    await worker.stop();
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
  if (outcome) {
    io.stderr(`serve: the ingest worker keeps crashing; stopping (${outcome.message})\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
