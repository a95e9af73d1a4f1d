// Pinned coding-agent CLIs and how to run each headless against a fake model with its OTLP export pointed at
// the capture receiver. Every run gets its own temporary HOME / XDG dirs / TMPDIR and working folder, a hard
// timeout, and its process group is killed at the end (only the group of the child this module spawned).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startCapture, type CapturedExport, type OtlpCapture } from './capture-otlp';
import { startFakeModel, type FakeModel, type FakeModelKind, type RecordedModelRequest } from './fake-models';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CACHE = path.join(ROOT, '.cache', 'producers');

export const PROMPT = 'Run the shell command `echo hello-from-tool` and tell me what it printed.';
export const SECOND_PROMPT = 'Now say goodbye.';

export type AgentName = 'claude-code' | 'codex' | 'gemini-cli';

export interface AgentDef {
  name: AgentName;
  pkg: string;
  version: string;
  model: FakeModelKind;
  /** Path of the executable inside the install folder (install scripts may not have run). */
  binary(installDir: string): string;
  /** Extra command prefix (e.g. `node` for a JS bundle). */
  launcher?: string[];
}

export const AGENTS: Record<AgentName, AgentDef> = {
  'claude-code': {
    name: 'claude-code',
    pkg: '@anthropic-ai/claude-code',
    version: '2.1.337',
    model: 'anthropic',
    binary: (dir) => path.join(dir, 'node_modules/@anthropic-ai/claude-code-linux-x64/claude'),
  },
  codex: {
    name: 'codex',
    pkg: '@openai/codex',
    version: '0.171.0',
    model: 'openai-responses',
    binary: (dir) => {
      const vendor = path.join(dir, 'node_modules/@openai/codex-linux-x64/vendor');
      const triple = existsSync(vendor) ? readdirSync(vendor).find((d) => d.startsWith('x86_64')) : undefined;
      return path.join(vendor, triple ?? 'x86_64-unknown-linux-musl', 'bin/codex');
    },
  },
  'gemini-cli': {
    name: 'gemini-cli',
    pkg: '@google/gemini-cli',
    version: '0.61.0',
    model: 'gemini',
    binary: (dir) => path.join(dir, 'node_modules/@google/gemini-cli/bundle/gemini.js'),
    launcher: [process.execPath],
  },
};

/** Paths of one run; `work` lives under `home` so it scrubs to /home/user/project. */
export interface RunDirs {
  root: string;
  home: string;
  work: string;
  tmp: string;
}

export interface RunContext extends RunDirs {
  model: FakeModel;
  /** Where the agent exports: the capture receiver, or the target runMode was given (then nothing is captured). */
  capture: OtlpCapture;
}

/** Another OTLP receiver to export to instead of the capture (e.g. `trace-lens serve`). */
export interface OtlpTarget {
  httpUrl: string;
  grpcUrl: string;
}

export interface Invocation {
  args: string[];
  env: Record<string, string>;
}

export interface ModeDef {
  agent: AgentName;
  mode: string;
  /** One line on what this mode exercises, for the fixture README. */
  summary: string;
  /** Write config files into the run's HOME and return the command line for one turn (turn 0, 1, ...). */
  turn(ctx: RunContext, turn: number): Invocation;
  /** Number of turns (a second turn continues the session with SECOND_PROMPT). */
  turns: number;
  /** Signals the capture must have seen after the last turn before we stop waiting. */
  expect: Array<CapturedExport['signal']>;
  /** Files written into HOME / work folder, for the README (relative path → content). */
  files?(ctx: RunContext): Record<string, string>;
}

const CC_BASE = (ctx: RunContext): Record<string, string> => ({
  ANTHROPIC_BASE_URL: ctx.model.url,
  ANTHROPIC_API_KEY: 'sk-ant-fake-key',
  CLAUDE_CODE_ENABLE_TELEMETRY: '1',
  OTEL_LOGS_EXPORTER: 'otlp',
  OTEL_METRICS_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_ENDPOINT: ctx.capture.httpUrl,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_METRIC_EXPORT_INTERVAL: '1000',
  OTEL_LOGS_EXPORT_INTERVAL: '1000',
  OTEL_TRACES_EXPORT_INTERVAL: '1000',
  OTEL_LOG_USER_PROMPTS: '1',
  OTEL_LOG_TOOL_DETAILS: '1',
  OTEL_LOG_TOOL_CONTENT: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_ERROR_REPORTING: '1',
});

function claudeTurn(extra: (ctx: RunContext) => Record<string, string>): ModeDef['turn'] {
  return (ctx, turn) => ({
    args: [...(turn > 0 ? ['--continue'] : []), '-p', turn > 0 ? SECOND_PROMPT : PROMPT, '--allowedTools', 'Bash', '--model', 'claude-sonnet-4-5'],
    env: { ...CC_BASE(ctx), ...extra(ctx) },
  });
}

const SPANS_ON = { OTEL_TRACES_EXPORTER: 'otlp', CLAUDE_CODE_ENHANCED_TELEMETRY_BETA: '1' };

function codexConfig(ctx: RunContext, otel: string): string {
  return [
    'model = "gpt-5.5"',
    'model_provider = "fake"',
    'approval_policy = "never"',
    'sandbox_mode = "danger-full-access"',
    '',
    '[model_providers.fake]',
    'name = "Fake"',
    `base_url = "${ctx.model.url}/v1"`,
    'wire_api = "responses"',
    'env_key = "FAKE_OPENAI_API_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
    '[otel]',
    'environment = "dev"',
    'log_user_prompt = true',
    otel,
    '',
  ].join('\n');
}

function codexMode(mode: string, summary: string, otel: (ctx: RunContext) => string, expect: ModeDef['expect'], turns = 1): ModeDef {
  const config = (ctx: RunContext): string => codexConfig(ctx, otel(ctx));
  return {
    agent: 'codex',
    mode,
    summary,
    turns,
    expect,
    files: (ctx) => ({ '.codex/config.toml': config(ctx) }),
    turn: (ctx, turn) => {
      mkdirSync(path.join(ctx.home, '.codex'), { recursive: true });
      writeFileSync(path.join(ctx.home, '.codex', 'config.toml'), config(ctx));
      const args = turn === 0 ? ['exec', '--skip-git-repo-check', PROMPT] : ['exec', '--skip-git-repo-check', 'resume', '--last', SECOND_PROMPT];
      return { args, env: { CODEX_HOME: path.join(ctx.home, '.codex'), FAKE_OPENAI_API_KEY: 'sk-fake-key' } };
    },
  };
}

const httpEp = (ctx: RunContext, signal: string, protocol: string): string =>
  `{ otlp-http = { endpoint = "${ctx.capture.httpUrl}/v1/${signal}", protocol = "${protocol}" } }`;

function geminiMode(
  mode: string,
  summary: string,
  telemetry: (ctx: RunContext) => Record<string, unknown>,
  expect: ModeDef['expect'],
  turns = 1,
): ModeDef {
  const settings = (ctx: RunContext): string =>
    JSON.stringify(
      {
        security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
        telemetry: { enabled: true, target: 'local', logPrompts: true, useCollector: true, ...telemetry(ctx) },
        general: { disableAutoUpdate: true, disableUpdateNag: true },
        privacy: { usageStatisticsEnabled: false },
      },
      null,
      2,
    );
  return {
    agent: 'gemini-cli',
    mode,
    summary,
    turns,
    expect,
    files: (ctx) => ({ '.gemini/settings.json': settings(ctx) }),
    turn: (ctx, turn) => {
      mkdirSync(path.join(ctx.home, '.gemini'), { recursive: true });
      writeFileSync(path.join(ctx.home, '.gemini', 'settings.json'), settings(ctx));
      const args = [...(turn > 0 ? ['--resume', 'latest'] : []), '-p', turn > 0 ? SECOND_PROMPT : PROMPT, '--yolo', '-m', 'gemini-2.5-flash'];
      return { args, env: { GEMINI_API_KEY: 'fake-gemini-key', GOOGLE_GEMINI_BASE_URL: ctx.model.url } };
    },
  };
}

export const MODES: ModeDef[] = [
  {
    agent: 'claude-code',
    mode: 'events',
    summary: 'logs + metrics over OTLP/HTTP JSON, content opt-ins on, no spans',
    turns: 1,
    expect: ['logs', 'metrics'],
    turn: claudeTurn(() => ({})),
  },
  {
    agent: 'claude-code',
    mode: 'spans-json',
    summary: 'logs + metrics + beta spans over OTLP/HTTP JSON',
    turns: 1,
    expect: ['logs', 'metrics', 'traces'],
    turn: claudeTurn(() => SPANS_ON),
  },
  {
    agent: 'claude-code',
    mode: 'two-prompts',
    summary: 'as spans-json, then a second process continues the session (`--continue`) with a second prompt',
    turns: 2,
    expect: ['logs', 'metrics', 'traces'],
    turn: claudeTurn(() => SPANS_ON),
  },
  {
    agent: 'claude-code',
    mode: 'spans-protobuf',
    summary: 'logs + metrics + beta spans over OTLP/HTTP protobuf',
    turns: 1,
    expect: ['logs', 'metrics', 'traces'],
    turn: claudeTurn(() => ({ ...SPANS_ON, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' })),
  },
  {
    agent: 'claude-code',
    mode: 'grpc',
    summary: 'logs + metrics + beta spans over OTLP/gRPC',
    turns: 1,
    expect: ['logs', 'metrics', 'traces'],
    turn: claudeTurn((ctx) => ({ ...SPANS_ON, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: ctx.capture.grpcUrl })),
  },
  codexMode(
    'events',
    'log events + metrics over OTLP/HTTP JSON, no spans',
    (ctx) => `exporter = ${httpEp(ctx, 'logs', 'json')}\nmetrics_exporter = ${httpEp(ctx, 'metrics', 'json')}`,
    ['logs', 'metrics'],
  ),
  codexMode(
    'spans-json',
    'log events + metrics + spans over OTLP/HTTP JSON',
    (ctx) =>
      `exporter = ${httpEp(ctx, 'logs', 'json')}\ntrace_exporter = ${httpEp(ctx, 'traces', 'json')}\nmetrics_exporter = ${httpEp(ctx, 'metrics', 'json')}`,
    ['logs', 'metrics', 'traces'],
  ),
  codexMode(
    'spans-protobuf',
    'log events + metrics + spans over OTLP/HTTP protobuf',
    (ctx) =>
      `exporter = ${httpEp(ctx, 'logs', 'binary')}\ntrace_exporter = ${httpEp(ctx, 'traces', 'binary')}\nmetrics_exporter = ${httpEp(ctx, 'metrics', 'binary')}`,
    ['logs', 'metrics', 'traces'],
  ),
  codexMode(
    'two-prompts',
    'as spans-json, then `codex exec resume --last` continues the session with a second prompt',
    (ctx) =>
      `exporter = ${httpEp(ctx, 'logs', 'json')}\ntrace_exporter = ${httpEp(ctx, 'traces', 'json')}\nmetrics_exporter = ${httpEp(ctx, 'metrics', 'json')}`,
    ['logs', 'metrics', 'traces'],
    2,
  ),
  codexMode(
    'grpc',
    'log events + metrics + spans over OTLP/gRPC',
    (ctx) => {
      const ep = `{ otlp-grpc = { endpoint = "${ctx.capture.grpcUrl}" } }`;
      return `exporter = ${ep}\ntrace_exporter = ${ep}\nmetrics_exporter = ${ep}`;
    },
    ['logs', 'metrics', 'traces'],
  ),
  geminiMode(
    'events-http',
    'logs + metrics over OTLP/HTTP JSON, traces off',
    (ctx) => ({ otlpEndpoint: ctx.capture.httpUrl, otlpProtocol: 'http', traces: false }),
    ['logs', 'metrics'],
  ),
  geminiMode(
    'spans-http',
    'logs + metrics + spans over OTLP/HTTP JSON',
    (ctx) => ({ otlpEndpoint: ctx.capture.httpUrl, otlpProtocol: 'http', traces: true }),
    ['logs', 'metrics', 'traces'],
  ),
  geminiMode(
    'two-prompts',
    'as spans-http, then `--resume latest` continues the session with a second prompt',
    (ctx) => ({ otlpEndpoint: ctx.capture.httpUrl, otlpProtocol: 'http', traces: true }),
    ['logs', 'metrics', 'traces'],
    2,
  ),
  geminiMode(
    'grpc',
    'logs + metrics + spans over OTLP/gRPC (the default protocol, gzip)',
    (ctx) => ({ otlpEndpoint: ctx.capture.grpcUrl, otlpProtocol: 'grpc', traces: true }),
    ['logs', 'metrics', 'traces'],
  ),
];

/** Install the pinned package into .cache/producers/<agent> unless that version is already there. */
export function install(agent: AgentDef): string {
  const dir = path.join(CACHE, agent.name);
  const stamp = path.join(dir, `.installed-${agent.version}`);
  if (existsSync(stamp) && existsSync(agent.binary(dir))) return dir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { [agent.pkg]: agent.version } }, null, 2));
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`npm install ${agent.pkg}@${agent.version} failed (${r.status ?? r.error?.message})`);
  if (!existsSync(agent.binary(dir))) throw new Error(`${agent.pkg}: binary not found at ${agent.binary(dir)}`);
  writeFileSync(stamp, '');
  return dir;
}

export interface TurnResult {
  args: string[];
  env: Record<string, string>;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** What the fake model received during this turn, in order. */
  modelRequests: RecordedModelRequest[];
}

export interface RunResult {
  def: ModeDef;
  agent: AgentDef;
  dirs: RunDirs;
  turns: TurnResult[];
  exports: CapturedExport[];
  modelRequests: RecordedModelRequest[];
  /** Config files written for the run (relative to HOME), for the README. */
  files: Record<string, string>;
  /** Signals in `def.expect` that never arrived. */
  missing: string[];
}

const TURN_TIMEOUT_MS = 120_000;

/** Spawn one CLI turn in its own process group and wait for it (killing the group on timeout and afterwards). */
function runTurn(cmd: string, args: string[], env: Record<string, string>, cwd: string): Promise<Omit<TurnResult, 'modelRequests'>> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const killGroup = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        /* group already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 3000).unref();
    }, TURN_TIMEOUT_MS);
    child.on('error', (err) => {
      stderr += `\nspawn error: ${err.message}`;
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      // Leftovers (tool shells, helper processes) of this group only.
      killGroup('SIGKILL');
      resolve({ args, env, exitCode: code, signal: sig, timedOut, durationMs: Date.now() - started, stdout, stderr });
    });
  });
}

function makeDirs(agent: AgentName): RunDirs {
  const root = mkdtempSync(path.join(tmpdir(), `tl-${agent}-`));
  const home = path.join(root, 'home');
  const dirs = { root, home, work: path.join(home, 'project'), tmp: path.join(root, 'tmp') };
  for (const d of [dirs.work, dirs.tmp, path.join(home, '.config'), path.join(home, '.cache'), path.join(home, '.local/share'), path.join(home, '.local/state')]) {
    mkdirSync(d, { recursive: true });
  }
  writeFileSync(path.join(dirs.work, 'README.md'), '# demo project\n');
  return dirs;
}

/** An OtlpCapture stand-in that only names the target's URLs (the target keeps what arrives). */
function targetOnly(target: OtlpTarget): OtlpCapture {
  return { ...target, exports: [], waitFor: () => Promise.resolve(true), close: () => Promise.resolve() };
}

/**
 * Run one mode end to end and return what was captured. The temp folders are removed unless `keep`. With
 * `target`, the agent exports there instead and nothing is captured: waiting for late exports is the caller's.
 */
export async function runMode(
  def: ModeDef,
  opts: { turns?: number; keep?: boolean; log?: (s: string) => void; target?: OtlpTarget } = {},
): Promise<RunResult> {
  const log = opts.log ?? (() => {});
  const agent = AGENTS[def.agent];
  const dir = install(agent);
  const model = await startFakeModel(agent.model);
  const capture = opts.target ? targetOnly(opts.target) : await startCapture();
  const dirs = makeDirs(def.agent);
  const ctx: RunContext = { ...dirs, model, capture };
  const turns: TurnResult[] = [];
  try {
    const n = Math.min(opts.turns ?? def.turns, def.turns);
    for (let t = 0; t < n; t++) {
      const inv = def.turn(ctx, t);
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        LANG: 'C.UTF-8',
        TERM: 'dumb',
        NO_COLOR: '1',
        CI: '1',
        HOME: dirs.home,
        USER: 'user',
        LOGNAME: 'user',
        XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
        XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
        XDG_DATA_HOME: path.join(dirs.home, '.local/share'),
        XDG_STATE_HOME: path.join(dirs.home, '.local/state'),
        TMPDIR: dirs.tmp,
        ...inv.env,
      };
      const before = capture.exports.length;
      const requestsBefore = model.requests.length;
      const cmd = agent.launcher ? agent.launcher[0] : agent.binary(dir);
      const args = agent.launcher ? [...agent.launcher.slice(1), agent.binary(dir), ...inv.args] : inv.args;
      log(`  turn ${t + 1}: ${def.agent} ${inv.args.join(' ')}`);
      const r = await runTurn(cmd, args, env, dirs.work);
      turns.push({ ...r, args: inv.args, env: inv.env, modelRequests: model.requests.slice(requestsBefore) });
      log(`  turn ${t + 1}: exit ${r.exitCode ?? r.signal}${r.timedOut ? ' (timed out)' : ''} in ${r.durationMs} ms${opts.target ? '' : `, ${capture.exports.length - before} exports`}`);
      if (r.exitCode !== 0) break;
    }
    // Exporters flush on shutdown, but some batch; give late exports a moment to land.
    const seen = (): Set<string> => new Set(capture.exports.map((e) => e.signal));
    if (!opts.target) await capture.waitFor(() => def.expect.every((s) => seen().has(s)), 10_000);
    const settle = async (): Promise<void> => {
      if (opts.target) return;
      let last = -1;
      while (last !== capture.exports.length) {
        last = capture.exports.length;
        await new Promise((r) => setTimeout(r, 2500));
      }
    };
    await settle();
    return {
      def,
      agent,
      dirs,
      turns,
      exports: [...capture.exports],
      modelRequests: [...model.requests],
      files: def.files ? def.files(ctx) : {},
      missing: opts.target ? [] : def.expect.filter((s) => !seen().has(s)),
    };
  } finally {
    await capture.close();
    await model.close();
    if (!opts.keep) rmSync(dirs.root, { recursive: true, force: true });
  }
}
