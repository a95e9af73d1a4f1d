// `npm run demo`: the product, running. Builds the extension, sets up the offline VS Code kit, starts
// code-server on http://127.0.0.1:8080 with Agent Trace Lens installed and examples/refund-bot open,
// and, once the extension's OTLP receiver is up, runs the refund-bot traffic generator against it.
// Runs until Ctrl-C, then stops everything it started.
// Usage: node scripts/demo.mjs [--port 8080] [--no-build] [--no-traffic]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { acceptsConnections, freePort, startCodeServer } from './vscode/code-server.mjs';
import { projectRoot } from './vscode/paths.mjs';
import { ensureVscodeTestKit } from './vscode/setup.mjs';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'no-build': { type: 'boolean', default: false },
    'no-traffic': { type: 'boolean', default: false },
  },
});

const log = (msg) => console.log(`[demo] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const exampleDir = join(projectRoot, 'examples', 'refund-bot');

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The standard OTLP port when free (so other local agents can send too), else any free port. */
async function pickPort(preferred) {
  return (await portIsFree(preferred)) ? preferred : freePort();
}

/** How to start the example's traffic generator, or null when the example has none. */
function trafficCommand() {
  const entry = join(exampleDir, 'src', 'run-demo.ts');
  if (existsSync(entry)) return [process.execPath, ['--import', 'tsx', entry]];
  const manifest = join(exampleDir, 'package.json');
  const scripts = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')).scripts ?? {}) : {};
  const script = ['demo', 'start'].find((name) => scripts[name]);
  if (script) return ['npm', ['run', '--silent', script]];
  return null;
}

let traffic = null;
let server = null;
let stopping = false;

/** Asks the traffic generator to finish; resolves once it has exited (it flushes its spans first). */
function stopTraffic() {
  const child = traffic;
  traffic = null;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return Promise.resolve(); // already gone
  }
  return exited;
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping');
  // Keep code-server (and the receiver in it) up until the agent has flushed, or for 10 s at most.
  await Promise.race([stopTraffic(), sleep(10_000)]);
  await server?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('exit', () => void stopTraffic());

async function main() {
  if (!existsSync(exampleDir)) throw new Error(`missing ${exampleDir}`);
  if (!opts['no-build']) {
    log('building the extension');
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: projectRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  await ensureVscodeTestKit();

  const httpPort = await pickPort(4318);
  const grpcPort = await pickPort(4317);
  server = await startCodeServer({
    port: Number(opts.port) || undefined, // 0 = any free port
    workspace: exampleDir,
    env: { AGENT_TRACE_LENS_HTTP_PORT: String(httpPort), AGENT_TRACE_LENS_GRPC_PORT: String(grpcPort) },
  });
  log(`VS Code with Agent Trace Lens: ${server.workbenchUrl()}`);
  log(`OTLP receiver (once the workbench is open): http://127.0.0.1:${httpPort} (HTTP), 127.0.0.1:${grpcPort} (gRPC)`);
  log('press Ctrl-C to stop');

  const command = opts['no-traffic'] ? null : trafficCommand();
  if (!command) {
    if (!opts['no-traffic']) log('examples/refund-bot has no traffic generator yet: send your own OTLP to the receiver');
    return;
  }
  // The extension host (and its receiver) starts when a browser opens the workbench.
  while (!(await acceptsConnections(httpPort))) {
    if (stopping) return;
    await sleep(1000);
  }
  log(`receiver is up: starting the refund-bot traffic (${command[1].join(' ')})`);
  traffic = spawn(command[0], command[1], {
    cwd: exampleDir,
    detached: true,
    stdio: 'inherit',
    env: {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${httpPort}`,
    },
  });
  traffic.on('exit', (code, signal) => {
    if (!stopping) log(`traffic generator exited (${code ?? signal})`);
  });
}

main().catch(async (err) => {
  console.error(`[demo] ${err instanceof Error ? err.message : err}`);
  await shutdown(1);
});
