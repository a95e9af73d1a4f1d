// The live-producer suite (`npm run test:producers`): installs each producer group of groups.json (pinned
// versions) into .cache/producers/<group>, runs its app from apps/ against `trace-lens serve` (the built CLI) and
// the fake OpenAI-compatible model of examples/refund-bot, then checks the normalized spans `show --json` prints.
//
//   node --import tsx test/producers/run.ts [group...] [--record] [--dump]
//   --record  also write what the store received as OTLP/JSON into test/fixtures/otlp/live-<group>/
//   --dump    print each group's normalized spans (for writing expectations)
// Skips (exit 0) with a reason when the npm registry cannot be reached.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startFakeModel } from '../../examples/refund-bot/src/fake-model';
import { EXPECTATIONS, type ShownSpan } from './expectations';

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'producers');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const GROUPS = JSON.parse(readFileSync(path.join(__dirname, 'groups.json'), 'utf8')) as Record<string, Record<string, string>>;
const APP_TIMEOUT_MS = 120_000;

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
}

function serve(db: string): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--http-port', '0', '--grpc-port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening http=127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, httpPort: Number(m[1]) });
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

function runApp(group: string, env: NodeJS.ProcessEnv): Promise<void> {
  const dir = path.join(CACHE, group);
  for (const file of ['otel-setup.mjs', `${group}.mjs`]) copyFileSync(path.join(__dirname, 'apps', file), path.join(dir, file));
  const child = spawn(process.execPath, [`${group}.mjs`], { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
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

function shownSpans(db: string): ShownSpan[] {
  const traces = JSON.parse(cli(['ls', '--db', db, '--json'])) as Array<{ traceId: string }>;
  return traces.flatMap((t) => (JSON.parse(cli(['show', '--db', db, t.traceId, '--json'])) as { spans: ShownSpan[] }).spans);
}

function record(group: string, db: string): void {
  const dir = path.join(ROOT, 'test', 'fixtures', 'otlp', `live-${group}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const lines = cli(['export', '--db', db]).split('\n').filter((l) => l.length > 0);
  lines.forEach((line, i) => {
    const kind = line.startsWith('{"resourceLogs"') ? 'logs' : 'traces';
    writeFileSync(path.join(dir, `${String(i + 1).padStart(3, '0')}-${kind}.json`), `${JSON.stringify(JSON.parse(line), null, 1)}\n`);
  });
  const versions = Object.entries(GROUPS[group]!).map(([name, v]) => `- ${name} ${v}`).join('\n');
  writeFileSync(path.join(dir, 'README.md'), `# ${group} (recorded by test/producers/run.ts --record)\n\n`
    + `test/producers/apps/${group}.mjs run against \`trace-lens serve\` and the fake model of examples/refund-bot, `
    + `then exported with \`trace-lens export\`. Packages:\n\n${versions}\n`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const chosen = args.filter((a) => !a.startsWith('--'));
  const groups = chosen.length > 0 ? chosen : Object.keys(GROUPS);
  const unknown = groups.filter((g) => !GROUPS[g]);
  if (unknown.length > 0) throw new Error(`unknown producer group: ${unknown.join(', ')}`);
  const offline = registryReachable();
  if (offline !== null) {
    console.log(`test:producers skipped: the npm registry is not reachable (${offline})`);
    return 0;
  }
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `node scripts/build.mjs` first');
  const model = await startFakeModel({ detailedUsage: true });
  const failures: string[] = [];
  try {
    for (const group of groups) {
      const started = Date.now();
      const db = mkdtempSync(path.join(tmpdir(), `producer-${group}-`));
      try {
        install(group);
        const served = await serve(db);
        try {
          await runApp(group, {
            ...process.env,
            OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${served.httpPort}`,
            OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
            FAKE_OPENAI_BASE_URL: model.baseUrl,
            OPENAI_BASE_URL: model.baseUrl,
            OPENAI_API_KEY: 'fake-key',
          });
        } finally {
          await stop(served.child);
        }
        const spans = shownSpans(db);
        if (flags.has('--dump')) console.log(JSON.stringify(spans.map(({ attributes, events, resource, ...rest }) => ({ ...rest, attributes })), null, 1));
        if (flags.has('--record')) record(group, db);
        EXPECTATIONS[group]!(spans);
        console.log(`ok ${group} (${spans.length} spans, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failures.push(group);
        console.log(`not ok ${group}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } finally {
        rmSync(db, { recursive: true, force: true });
      }
    }
  } finally {
    await model.close();
  }
  console.log(failures.length === 0 ? `all ${groups.length} producer groups passed` : `failed: ${failures.join(', ')}`);
  return failures.length === 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
