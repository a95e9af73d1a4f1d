// Codex's config.toml: where it is, what the setup would make of it, and the write once accepted.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { codexOtelTable, spliceCodexOtel, type CodexOtelOptions, type CodexSplice } from '../../core/agents-setup/codex-toml';

/** `$CODEX_HOME/config.toml`, else `~/.codex/config.toml` (read when asked: tests point CODEX_HOME elsewhere). */
export function codexConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.CODEX_HOME?.trim();
  return join(home ? home : join(homedir(), '.codex'), 'config.toml');
}

/** The path with the home folder written as `~`, for messages. */
export function displayPath(path: string): string {
  const home = homedir();
  return home && path.startsWith(home) ? `~${path.slice(home.length)}` : path;
}

async function readIfPresent(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

export interface CodexPlan {
  path: string;
  before: string;
  splice: CodexSplice;
  /** The table alone, for pasting by hand when the splice refuses the file. */
  table: string;
}

export async function planCodexConfig(options: CodexOtelOptions, path = codexConfigPath()): Promise<CodexPlan> {
  const before = await readIfPresent(path);
  return { path, before, splice: spliceCodexOtel(before, options), table: codexOtelTable(options) };
}

/** Writes the accepted text, unless the file changed since it was shown (then nothing is written). */
export async function writeCodexConfig(plan: CodexPlan, text: string): Promise<'written' | 'changed-meanwhile'> {
  if ((await readIfPresent(plan.path)) !== plan.before) return 'changed-meanwhile';
  await mkdir(dirname(plan.path), { recursive: true });
  await writeFile(plan.path, text, 'utf8');
  return 'written';
}
