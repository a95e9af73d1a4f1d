// Extension settings read into one plain object (no vscode import: unit-testable with a fake getter).
import type { PriceTable } from '../core/model/types';
import { terminalAgentsOf, type TerminalAgentId } from '../core/agents-setup/agents';
import { DEFAULT_REDACTION, Redactor, parseRedactionConfig, type RedactionConfig } from '../core/redaction';
import { DEFAULT_RETENTION, type RetentionOptions } from '../core/store/retention';
import type { ReceiverOptions } from '../receiver';

export const SECTION = 'agentTraceLens';

export const ENV_HTTP_PORT = 'AGENT_TRACE_LENS_HTTP_PORT';
export const ENV_GRPC_PORT = 'AGENT_TRACE_LENS_GRPC_PORT';

export interface Settings {
  receiverEnabled: boolean;
  receiver: ReceiverOptions;
  /** Where the port values came from, so a port-in-use message can name the right fix. */
  portSource: { http: 'setting' | 'env'; grpc: 'setting' | 'env' };
  /** Empty = the extension's global storage folder. */
  storagePath: string;
  retention: RetentionOptions;
  prices: PriceTable;
  workloadAttribute: string;
  injectTerminalEnv: boolean;
  /** `codingAgents.*`: which coding agents get their variables in new terminals, and whether they send content. */
  codingAgents: { terminalAgents: TerminalAgentId[]; captureContent: boolean; claudeCodeSpans: boolean };
  /** `redaction.*`: applied to the spans that arrive next (no restart). */
  redaction: RedactionConfig;
  /** Why the redaction settings could not be used as written (the defaults apply then), or null. */
  redactionProblem: string | null;
}

/** Reads `agentTraceLens.<key>` with a default (the shape of WorkspaceConfiguration.get). */
export type SettingGetter = <T>(key: string, defaultValue: T) => T;

function port(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535 ? n : fallback;
}

function envPort(env: Record<string, string | undefined>, name: string): number | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  const n = port(raw, -1);
  return n >= 0 ? n : null;
}

/** A number the store understands (0 = no limit); anything else falls back to the store's default. */
function finiteOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function prices(value: unknown): PriceTable {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: PriceTable = {};
  for (const [model, p] of Object.entries(value as Record<string, unknown>)) {
    if (typeof p !== 'object' || p === null) continue;
    const r = p as Record<string, unknown>;
    if (typeof r.inputPerMTok !== 'number' || typeof r.outputPerMTok !== 'number') continue;
    out[model] = { inputPerMTok: r.inputPerMTok, outputPerMTok: r.outputPerMTok };
    if (typeof r.cacheReadPerMTok === 'number') out[model].cacheReadPerMTok = r.cacheReadPerMTok;
    if (typeof r.cacheWritePerMTok === 'number') out[model].cacheWritePerMTok = r.cacheWritePerMTok;
    if (typeof r.reasoningPerMTok === 'number') out[model].reasoningPerMTok = r.reasoningPerMTok;
  }
  return out;
}

/** The `redaction.*` settings; a bad value (an unknown preset, a broken regex) falls back to the defaults, said why. */
export function readRedaction(get: SettingGetter): { redaction: RedactionConfig; redactionProblem: string | null } {
  const d = DEFAULT_REDACTION;
  const raw = {
    enabled: get<unknown>('redaction.enabled', d.enabled),
    presets: get<unknown>('redaction.presets', d.presets),
    personalData: get<unknown>('redaction.personalData', d.personalData),
    keys: get<unknown>('redaction.keys', d.keys),
    patterns: get<unknown>('redaction.patterns', d.patterns),
    mode: get<unknown>('redaction.mode', d.mode),
    disabledRules: get<unknown>('redaction.disabledRules', d.disabledRules),
  };
  try {
    const redaction = parseRedactionConfig(raw);
    void new Redactor(redaction, new Uint8Array(0)); // compiles the custom patterns
    return { redaction, redactionProblem: null };
  } catch (error) {
    return { redaction: DEFAULT_REDACTION, redactionProblem: (error as Error).message };
  }
}

export function readSettings(get: SettingGetter, env: Record<string, string | undefined>): Settings {
  const httpEnv = envPort(env, ENV_HTTP_PORT);
  const grpcEnv = envPort(env, ENV_GRPC_PORT);
  const host = String(get<string>('receiver.host', '127.0.0.1') || '127.0.0.1').trim();
  const workload = String(get<string>('workloadAttribute', 'workload.id') || 'workload.id').trim();
  return {
    receiverEnabled: get<boolean>('receiver.enabled', true) !== false,
    receiver: {
      host,
      httpPort: httpEnv ?? port(get<number>('receiver.httpPort', 4318), 4318),
      grpcPort: grpcEnv ?? port(get<number>('receiver.grpcPort', 4317), 4317),
    },
    portSource: { http: httpEnv === null ? 'setting' : 'env', grpc: grpcEnv === null ? 'setting' : 'env' },
    storagePath: String(get<string>('storage.path', '') ?? '').trim(),
    retention: {
      maxSpans: finiteOrUndefined(get<number>('retention.maxSpans', DEFAULT_RETENTION.maxSpans)),
      maxBytes: finiteOrUndefined(get<number>('retention.maxBytes', DEFAULT_RETENTION.maxBytes)),
    },
    prices: prices(get<unknown>('prices', {})),
    workloadAttribute: workload,
    injectTerminalEnv: get<boolean>('terminal.injectEnv', true) !== false,
    codingAgents: {
      terminalAgents: terminalAgentsOf(get<unknown>('codingAgents.terminalAgents', [])),
      captureContent: get<boolean>('codingAgents.captureContent', false) === true,
      claudeCodeSpans: get<boolean>('codingAgents.claudeCodeSpans', true) !== false,
    },
    ...readRedaction(get),
  };
}

export function sameReceiver(a: Settings, b: Settings): boolean {
  return a.receiverEnabled === b.receiverEnabled && a.receiver.host === b.receiver.host
    && a.receiver.httpPort === b.receiver.httpPort && a.receiver.grpcPort === b.receiver.grpcPort;
}

/** Settings that the store worker is opened with (a change means restarting the worker). */
export function sameStore(a: Settings, b: Settings): boolean {
  return a.storagePath === b.storagePath && a.workloadAttribute === b.workloadAttribute
    && a.retention.maxSpans === b.retention.maxSpans && a.retention.maxBytes === b.retention.maxBytes
    && JSON.stringify(a.prices) === JSON.stringify(b.prices);
}

/** `http://host:port` for an OTLP/HTTP client (IPv6 hosts in brackets; wildcard binds map to loopback). */
export function httpEndpoint(host: string, port: number): string {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

export function grpcEndpoint(host: string, port: number): string {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `${h.includes(':') ? `[${h}]` : h}:${port}`;
}
