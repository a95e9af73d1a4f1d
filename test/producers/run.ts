// The live-producer suite (`npm run test:producers`): installs each producer group of groups.json (pinned
// versions) into .cache/producers/<group>, runs its app from apps/ against `trace-lens serve` (the built CLI) and
// the fake OpenAI-compatible model of examples/refund-bot, then checks the normalized spans `show --json` prints.
//
// The real coding-agent CLIs (coding-agents/live.ts) run the same way against fake model servers: group
// `coding-agents`, or an agent's name (claude-code, codex) selects them.
//
//   node --import tsx test/producers/run.ts [run-or-group...] [--record] [--dump]
//   --record  also write what the store received as OTLP/JSON into test/fixtures/otlp/live-<run>/
//   --dump    print each group's normalized spans (for writing expectations)
// Skips (exit 0) with a reason when the npm registry cannot be reached.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startFakeModel } from '../../examples/refund-bot/src/fake-model';
import { AGENT_RUNS, checkAgentRun, runAgentTurns, type AgentRun, type StoreView } from './coding-agents/live';
import { EXPECTATIONS, type ShownSpan } from './expectations';

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'producers');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const GROUPS = JSON.parse(readFileSync(path.join(__dirname, 'groups.json'), 'utf8')) as Record<string, Record<string, string>>;
const APP_TIMEOUT_MS = 120_000;

/** One app run: which installed group it uses, its app file, and extra environment. Expectations are by run name. */
interface ProducerRun {
  name: string;
  group: string;
  env?: Record<string, string>;
  /** Export over gRPC (the endpoint is then the receiver's gRPC port). */
  grpc?: boolean;
  /** A coding-agent CLI run (coding-agents/live.ts) instead of an app. */
  agent?: AgentRun;
}

const RUNS: ProducerRun[] = [
  { name: 'otel-sdk-protobuf', group: 'otel-sdk', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' } },
  { name: 'otel-sdk-json', group: 'otel-sdk', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' } },
  { name: 'otel-sdk-grpc', group: 'otel-sdk', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, grpc: true },
  { name: 'openinference-openai', group: 'openinference-openai' },
  { name: 'langchain', group: 'langchain' },
  { name: 'traceloop', group: 'traceloop' },
  { name: 'ai-v6', group: 'ai-v6' },
  { name: 'ai-v7-otel', group: 'ai-v7', env: { AI_TELEMETRY: 'otel' } },
  { name: 'ai-v7-legacy', group: 'ai-v7', env: { AI_TELEMETRY: 'legacy' } },
  { name: 'langfuse', group: 'langfuse' },
  { name: 'mcp', group: 'mcp' },
  ...AGENT_RUNS.map((agent) => ({ name: agent.name, group: agent.agent, agent })),
];

/** Zero-code OTel (auto-instrumentations-node/register): traces and logs over OTLP, message content captured. */
const ZERO_CODE_ENV: Record<string, string> = {
  OTEL_TRACES_EXPORTER: 'otlp',
  OTEL_LOGS_EXPORTER: 'otlp',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_NODE_RESOURCE_DETECTORS: 'none',
  OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
  OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'openai,http,undici',
};

function registryReachable(): string | null {
  const probe = spawnSync('npm', ['view', 'ai', 'version'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.error) return probe.error.message;
  return probe.status === 0 ? null : (probe.stderr.trim().split('\n').pop() ?? `npm exited with ${probe.status}`);
}

/** npm install into the group's folder unless its package.json already pins exactly these versions. */
function install(group: string): void {
  const dir = path.join(CACHE, group);
  mkdirSync(dir, { recursive: true });
  const manifest = `${JSON.stringify({ name: `producer-${group}`, private: true, dependencies: GROUPS[group] }, null, 2)}\n`;
  const manifestPath = path.join(dir, 'package.json');
  const current = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : '';
  if (current === manifest && existsSync(path.join(dir, 'node_modules', '.package-lock.json'))) return;
  writeFileSync(manifestPath, manifest);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm install for ${group} failed:\n${result.stderr}`);
}

interface Served {
  child: ChildProcess;
  httpPort: number;
  grpcPort: number;
}

function serve(db: string): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--http-port', '0', '--grpc-port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening http=127\.0\.0\.1:(\d+) grpc=127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, httpPort: Number(m[1]), grpcPort: Number(m[2]) });
    });
    child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function runApp(group: string, env: NodeJS.ProcessEnv, nodeArgs: string[]): Promise<void> {
  const dir = path.join(CACHE, group);
  // Every app file sits beside the group's node_modules, so its imports resolve to the pinned packages.
  for (const file of readdirSync(path.join(__dirname, 'apps'))) copyFileSync(path.join(__dirname, 'apps', file), path.join(dir, file));
  const app = existsSync(path.join(dir, `${group}.cjs`)) ? `${group}.cjs` : `${group}.mjs`;
  const child = spawn(process.execPath, [...nodeArgs, app], { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), APP_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${group} app exited with ${code ?? signal}`));
    });
  });
}

function cli(args: string[]): string {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`trace-lens ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Poll the store while serve runs until `ls` reads the same twice in a row (late exports have landed). */
async function settled(db: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cli(['ls', '--db', db, '--json']);
    if ((now === last && now.trim() !== '[]') || Date.now() > deadline) return;
    last = now;
  }
}

/** One coding-agent CLI run: its turns against serve, then the checks of coding-agents/live.ts. */
async function runAgent(run: AgentRun, db: string, flags: Set<string>): Promise<string> {
  const served = await serve(db);
  let turns: Awaited<ReturnType<typeof runAgentTurns>>;
  try {
    turns = await runAgentTurns(run, { httpUrl: `http://127.0.0.1:${served.httpPort}`, grpcUrl: `http://127.0.0.1:${served.grpcPort}` },
      (line) => console.log(line));
    await settled(db);
  } finally {
    await stop(served.child);
  }
  const spans = shownSpans(db);
  if (flags.has('--dump')) console.log(JSON.stringify(spans.map(({ events, resource, ...rest }) => rest), null, 1));
  const view: StoreView = {
    traces: JSON.parse(cli(['ls', '--db', db, '--json'])) as StoreView['traces'],
    spans,
    exported: cli(['export', '--db', db]).split('\n').filter((l) => l.length > 0),
  };
  const outcome = checkAgentRun(run, turns, view);
  return `${outcome.checks} checks`
    + (outcome.notSent.length > 0 ? `; not sent by the agent: ${outcome.notSent.join(', ')}` : '')
    + (outcome.gaps.length > 0 ? `; known gaps:\n    ${outcome.gaps.join('\n    ')}` : '');
}

function shownSpans(db: string): ShownSpan[] {
  const traces = JSON.parse(cli(['ls', '--db', db, '--json'])) as Array<{ traceId: string }>;
  return traces.flatMap((t) => (JSON.parse(cli(['show', '--db', db, t.traceId, '--json'])) as { spans: ShownSpan[] }).spans);
}

/** Resource detectors' process.* and host.* attributes name this machine (paths, host id): not for the repository. */
function withoutMachineDetails(body: Record<string, unknown>): Record<string, unknown> {
  for (const key of ['resourceSpans', 'resourceLogs']) {
    for (const entry of (body[key] as Array<{ resource?: { attributes?: Array<{ key: string }> } }> | undefined) ?? []) {
      const attrs = entry.resource?.attributes;
      if (attrs) entry.resource!.attributes = attrs.filter((a) => !a.key.startsWith('process.') && !a.key.startsWith('host.'));
    }
  }
  return body;
}

function record(run: ProducerRun, db: string): void {
  const group = run.group;
  const dir = path.join(ROOT, 'test', 'fixtures', 'otlp', `live-${run.name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const lines = cli(['export', '--db', db]).split('\n').filter((l) => l.length > 0);
  lines.forEach((line, i) => {
    const kind = line.startsWith('{"resourceLogs"') ? 'logs' : 'traces';
    const body = withoutMachineDetails(JSON.parse(line) as Record<string, unknown>);
    writeFileSync(path.join(dir, `${String(i + 1).padStart(3, '0')}-${kind}.json`), `${JSON.stringify(body, null, 1)}\n`);
  });
  const versions = Object.entries(GROUPS[group]!).map(([name, v]) => `- ${name} ${v}`).join('\n');
  const env = Object.entries(run.env ?? {}).map(([k, v]) => `${k}=${v} `).join('');
  writeFileSync(path.join(dir, 'README.md'), `# ${run.name} (recorded by test/producers/run.ts --record)\n\n`
    + `\`${env}node ${group}.mjs\` (test/producers/apps) run against \`trace-lens serve\` and the fake model of examples/refund-bot, `
    + `then exported with \`trace-lens export\`. Packages:\n\n${versions}\n`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const chosen = args.filter((a) => !a.startsWith('--'));
  const runs = chosen.length > 0
    ? RUNS.filter((r) => chosen.includes(r.name) || chosen.includes(r.group) || (r.agent !== undefined && chosen.includes('coding-agents')))
    : RUNS;
  if (runs.length === 0) throw new Error(`no producer run named ${chosen.join(', ')}; runs: ${RUNS.map((r) => r.name).join(', ')}`);
  const offline = registryReachable();
  if (offline !== null) {
    console.log(`test:producers skipped: the npm registry is not reachable (${offline})`);
    return 0;
  }
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `node scripts/build.mjs` first');
  const failures: string[] = [];
  for (const run of runs) {
    if (run.agent) {
      const started = Date.now();
      const db = mkdtempSync(path.join(tmpdir(), `producer-${run.name}-`));
      try {
        const summary = await runAgent(run.agent, db, flags);
        console.log(`ok ${run.name} (${summary}; ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failures.push(run.name);
        console.log(`not ok ${run.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } finally {
        rmSync(db, { recursive: true, force: true });
      }
      continue;
    }
      const started = Date.now();
      // A fresh fake model per run: its ids (call_…, chatcmpl-fake-N) count from 1 in every run.
      const model = await startFakeModel({ detailedUsage: true });
      const db = mkdtempSync(path.join(tmpdir(), `producer-${run.name}-`));
      try {
        install(run.group);
        const served = await serve(db);
        try {
          const endpoint = `http://127.0.0.1:${run.grpc ? served.grpcPort : served.httpPort}`;
          const otel = run.group === 'otel-sdk';
          await runApp(run.group, {
            ...process.env,
            OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
            OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
            FAKE_OPENAI_BASE_URL: model.baseUrl,
            OPENAI_BASE_URL: model.baseUrl,
            OPENAI_API_KEY: 'fake-key',
            ...(otel ? { ...ZERO_CODE_ENV, OTEL_SERVICE_NAME: `producer-${run.name}` } : {}),
            ...run.env,
          }, otel ? ['--require', '@opentelemetry/auto-instrumentations-node/register'] : []);
        } finally {
          await stop(served.child);
        }
        const spans = shownSpans(db);
        if (flags.has('--dump')) console.log(JSON.stringify(spans.map(({ events, resource, ...rest }) => rest), null, 1));
        if (flags.has('--record')) record(run, db);
        const expect = EXPECTATIONS[run.name];
        if (!expect) throw new Error(`no expectations for ${run.name}`);
        expect(spans);
        console.log(`ok ${run.name} (${spans.length} spans, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failures.push(run.name);
        console.log(`not ok ${run.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } finally {
        await model.close();
        rmSync(db, { recursive: true, force: true });
      }
  }
  console.log(failures.length === 0 ? `all ${runs.length} producer runs passed` : `failed: ${failures.join(', ')}`);
  return failures.length === 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
