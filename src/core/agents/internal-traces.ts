// Coding agents' bookkeeping traces: Codex exports ~20 start-up traces per run (auth, fs.*, thread/*, …) beside
// the prompt's `turn/start` trace, and Gemini CLI one trace per model call and tool batch beside the prompt trace
// built from its events. They are kept (a toggle lists them) but left out of the default list and the sessions,
// where they would bury the prompts and count their tokens a second time.

/** Codex roots that are a prompt: its own turn span, and the turn built from its events. */
const CODEX_PROMPT_ROOTS = ['turn/start', 'codex.turn'];
const GEMINI_PROMPT_ROOT = 'gemini_cli.prompt';

/** SQL true for an agent's bookkeeping trace, on a `traces` row (column prefix `alias.`, or none). */
export function internalTraceSql(alias = ''): string {
  const c = (column: string): string => `${alias}${column}`;
  const codexRoots = CODEX_PROMPT_ROOTS.map((r) => `'${r}'`).join(', ');
  return `((${c('service')} LIKE 'codex%' AND COALESCE(${c('root_name')}, '') NOT IN (${codexRoots}))
    OR (${c('service')} = 'gemini-cli' AND COALESCE(${c('root_name')}, '') <> '${GEMINI_PROMPT_ROOT}'))`;
}

/** The same test on a listed trace. */
export function isInternalTrace(service: string | null, rootName: string | null): boolean {
  if (service?.startsWith('codex')) return !CODEX_PROMPT_ROOTS.includes(rootName ?? '');
  if (service === 'gemini-cli') return rootName !== GEMINI_PROMPT_ROOT;
  return false;
}
