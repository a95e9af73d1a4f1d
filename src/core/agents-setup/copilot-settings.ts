// The user settings that turn on Copilot Chat's OpenTelemetry export in VS Code (agent mode).
// Names and defaults from the Copilot Chat extension's "Monitoring agent usage with OpenTelemetry" page.

export const COPILOT_OTEL_SECTION = 'github.copilot.chat.otel';

export interface CopilotOtelValues {
  enabled: unknown;
  captureContent: unknown;
  exporterType: unknown;
  otlpEndpoint: unknown;
}

export const COPILOT_OTEL_DEFAULTS = {
  enabled: false,
  captureContent: false,
  exporterType: 'otlp-http',
  otlpEndpoint: 'http://localhost:4318',
} as const;

export interface SettingChange {
  /** Key under `github.copilot.chat.otel`. */
  key: keyof CopilotOtelValues;
  value: boolean | string;
}

function portOf(url: string): number | null {
  try {
    const u = new URL(url);
    if (u.port) return Number(u.port);
    return u.protocol === 'https:' ? 443 : u.protocol === 'http:' ? 80 : null;
  } catch {
    return null;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function sameListener(a: string, b: string): boolean {
  try {
    const ua = new URL(a);
    const ub = new URL(b);
    const host = (u: URL): string => (LOOPBACK.has(u.hostname) ? 'loopback' : u.hostname);
    return ua.protocol === ub.protocol && host(ua) === host(ub) && portOf(a) === portOf(b);
  } catch {
    return false;
  }
}

/**
 * What to change so Copilot Chat exports to `httpEndpoint` with the content choice; `current` holds the
 * effective values (undefined = not set, the default applies). The endpoint is only written when the
 * effective one does not reach our listener already (its default is our default port).
 */
export function copilotOtelChanges(current: CopilotOtelValues, httpEndpoint: string, captureContent: boolean): SettingChange[] {
  const effective = <K extends keyof CopilotOtelValues>(key: K): unknown => current[key] ?? COPILOT_OTEL_DEFAULTS[key];
  const changes: SettingChange[] = [];
  if (effective('enabled') !== true) changes.push({ key: 'enabled', value: true });
  if (effective('captureContent') !== captureContent) changes.push({ key: 'captureContent', value: captureContent });
  if (effective('exporterType') !== 'otlp-http') changes.push({ key: 'exporterType', value: 'otlp-http' });
  const endpoint = effective('otlpEndpoint');
  if (typeof endpoint !== 'string' || !sameListener(endpoint, httpEndpoint)) changes.push({ key: 'otlpEndpoint', value: httpEndpoint });
  return changes;
}
