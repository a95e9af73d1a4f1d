// Flag parsing on node:util parseArgs, with every parse problem turned into a UsageError.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: string, args: string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
}

export function stringFlag(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requireDb(command: string, parsed: Parsed): string {
  const db = stringFlag(parsed, 'db');
  if (!db) throw new UsageError(`${command}: --db DIR is required`);
  return db;
}

export function portFlag(command: string, parsed: Parsed, name: string, fallback: number): number {
  const raw = stringFlag(parsed, name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new UsageError(`${command}: --${name} must be a port number 0-65535, got "${raw}"`);
  return port;
}

export function positiveIntFlag(command: string, parsed: Parsed, name: string): number | undefined {
  const raw = stringFlag(parsed, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`${command}: --${name} must be a positive integer, got "${raw}"`);
  return Number(raw);
}

/** Reading commands need an existing store folder (they never create one). */
export function existingDir(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`no trace store at ${dir} (folder not found)`);
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

const TRACE_ID = /^[0-9a-f]{32}$/;

export function traceIdArg(command: string, raw: string): string {
  const id = raw.toLowerCase();
  if (!TRACE_ID.test(id)) throw new UsageError(`${command}: "${raw}" is not a trace id (32 hex characters)`);
  return id;
}
