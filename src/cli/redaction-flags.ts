// `--redact PRESET,...` and `--redaction-file F` for the commands that write a store, and the stderr line
// printed for each span something was redacted in.
import { readFileSync } from 'node:fs';
import type { RedactionReport } from '../core/model/store-types';
import { DEFAULT_REDACTION, Redactor, parseRedactionConfig, type RedactionConfig } from '../core/redaction';
import { stringFlag, type Parsed } from './args';
import { UsageError } from './io';

export const REDACTION_FLAGS = {
  redact: { type: 'string' },
  'redaction-file': { type: 'string' },
} as const;

/**
 * The rules a writing command applies: the defaults (credentials and secret-named keys), over them a
 * redaction file (the `agentTraceLens.redaction` settings shape), and `--redact` replacing the presets
 * (`none` or `off` turns redaction off).
 */
export function redactionFromFlags(command: string, parsed: Parsed): RedactionConfig {
  let config: RedactionConfig = DEFAULT_REDACTION;
  const file = stringFlag(parsed, 'redaction-file');
  if (file !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UsageError(`${command}: cannot read --redaction-file ${file}: ${(error as Error).message}`);
    }
    try {
      config = parseRedactionConfig(json, config);
    } catch (error) {
      throw new UsageError(`${command}: --redaction-file ${file}: ${(error as Error).message}`);
    }
  }
  const redact = stringFlag(parsed, 'redact');
  if (redact !== undefined) {
    const names = redact.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
    if (names.length === 1 && (names[0] === 'none' || names[0] === 'off')) config = { ...config, enabled: false };
    else {
      try {
        config = parseRedactionConfig({ presets: names, personalData: false, enabled: true }, config);
      } catch (error) {
        throw new UsageError(`${command}: --redact: ${(error as Error).message}`);
      }
    }
  }
  try {
    void new Redactor(config, new Uint8Array(0)); // a bad custom pattern is a usage error now, not at the first span
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
  return config;
}

/** One line per span something was redacted in (rule names, never values); values outside spans on one more. */
export function redactionLines(report: RedactionReport): string[] {
  const lines = report.spans.map((s) => `redacted ${s.rules.join(', ')} in trace ${s.traceId} span ${s.spanId}`);
  if (report.spans.length === 0) {
    const rules = Object.entries(report.hits).map(([rule, n]) => `${rule} ×${n}`).join(', ');
    if (rules) lines.push(`redacted ${rules} in log records without a span`);
  }
  return lines;
}
