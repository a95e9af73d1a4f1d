// Span-contract settings (no vscode import: read through a getter like ../settings.ts).
import type { SettingGetter } from '../settings';

export const DEFAULT_CONTRACT_FILES = ['trace-contracts.json', '.vscode/trace-contracts.json'];
export const DEFAULT_QUIET_PERIOD_MS = 2000;

export interface ContractSettings {
  /** Paths or globs, relative to each workspace folder unless absolute. */
  files: string[];
  quietPeriodMs: number;
}

export function readContractSettings(get: SettingGetter): ContractSettings {
  const raw = get<unknown>('contracts.files', DEFAULT_CONTRACT_FILES);
  const files = Array.isArray(raw)
    ? [...new Set(raw.filter((f): f is string => typeof f === 'string').map((f) => f.trim()).filter((f) => f !== ''))]
    : DEFAULT_CONTRACT_FILES;
  const quiet = get<unknown>('contracts.quietPeriodMs', DEFAULT_QUIET_PERIOD_MS);
  const quietPeriodMs = typeof quiet === 'number' && Number.isFinite(quiet) && quiet >= 0 ? Math.min(quiet, 600_000) : DEFAULT_QUIET_PERIOD_MS;
  return { files, quietPeriodMs };
}

/** Does a configured entry contain glob syntax (then it is searched, not read as one path)? */
export function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}
