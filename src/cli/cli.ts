// `trace-lens` command dispatch. Exit codes: 0 ok, 1 failure, 2 usage error.
import { EXIT_FAILURE, EXIT_USAGE, UsageError, type CliIo } from './io';
import { CLI_VERSION } from './version';

export const USAGE = `Usage: trace-lens <command> [options]
       trace-lens --version

Commands:
  serve  --db DIR [--host H] [--http-port N] [--grpc-port N] [--redact PRESET,...] [--redaction-file F]
         [--forward URL... [--forward-protocol http/protobuf|http/json|grpc] [--forward-header K=V...]
          [--forward-queue-dir DIR] [--forward-queue-mib N]]
         Run the OTLP receiver (HTTP default 4318, gRPC default 4317, host 127.0.0.1)
         and store spans in DIR until SIGINT/SIGTERM. Port 0 picks a free port.
         Secrets are redacted before anything is stored (default: credentials and
         secret-named keys; --redact credentials,personal-data,... or none); one stderr
         line per span that had something redacted.
         --forward re-exports every accepted request (as redacted) to URL through an on-disk
         queue (default DIR/forward-queue, 256 MiB; the oldest requests are dropped past it).
  import --db DIR FILE... [--redact PRESET,...] [--redaction-file F]
         Import OTLP request files: OTLP/JSON, JSON lines, or protobuf (traces or logs),
         redacted as serve does.
  import --db DIR (--tempo URL [--query TRACEQL] | --jaeger URL --service S) [--since 1h] [--limit N]
         Pull the traces a Tempo or Jaeger search finds into DIR (see trace-lens check --help).
  ls     --db DIR [--json] [--limit N]
         List traces, newest first.
  show   --db DIR TRACE_ID [--json]
         Show one trace as a span tree (or JSON).
  sessions --db DIR [--agent claude-code|codex|gemini-cli|copilot] [--json] [--limit N]
         Coding sessions (Claude Code, Codex, Gemini CLI, Copilot), newest first.
  session --db DIR SESSION_ID [--json]
         One coding session: tokens by kind, cost (reported or priced), tools with
         decisions, the agent's metrics, and the transcript per prompt.
  export --db DIR [TRACE_ID...]
         Print traces (all by default) as OTLP/JSON lines that import reads back.
  search --db DIR TEXT [--json] [--limit N] [--trace TRACE_ID]
         Find spans whose stored content (attributes, messages, tool calls, events, logs)
         contains TEXT, case-insensitively, newest first: one line per span with a snippet,
         then a summary. At most N matches (default 200). Exit 1 when nothing matches.
  check  --contracts FILE (--db DIR | OTLP_FILE... | --tempo URL | --jaeger URL | --fixtures DIR)
         [--format text|json|junit] [--allow-empty]
         Check span contracts, or verify regression fixtures (see trace-lens check --help).
         A run that selected no trace fails unless --allow-empty.
  replay --db DIR TRACE_ID SPAN_ID [--provider openai|openai-responses|anthropic|gemini]
         [--base-url URL] [--model M] [--system-file F] [--prompt-file F [--prompt-target auto|system|user|N]]
         [--user-file F] [--set param=value ...] [--runs N] [--timeout S] [--api-key-env NAME] [--json]
         Send a recorded model call again, edited or not, and print each answer as it streams
         (tool calls in the answer are shown, never run). The key comes from OPENAI_API_KEY,
         ANTHROPIC_API_KEY or GEMINI_API_KEY (or the variable --api-key-env names); --base-url
         points at any OpenAI-compatible server (Azure OpenAI, Ollama, vLLM, OpenRouter ...).
         --set: temperature, top_p, top_k, max_tokens, stop (a,b), seed, frequency_penalty,
         presence_penalty, response_format (text|json), tool_choice (auto|none|required|tool:NAME),
         reasoning_effort; param=unset removes one. --prompt-file fills a prompt file with the
         span's recorded variables. Each run is stored in DIR as a trace (service trace-lens.replay)
         linked to the original; --runs N prints the spread. Exit 1 when a run fails.
  mcp    --db DIR [--contracts FILE...] [--workspace DIR] [--max-tokens N]
         MCP server on stdio: tools for coding agents to list, read, check and compare
         traces (see trace-lens mcp --help).

Reading commands (ls, show, sessions, session, export, search, check --db, mcp) open DIR read-only and work while serve runs;
import and replay write DIR and need it to themselves.
Exit codes: 0 ok, 1 failure, 2 usage error.
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

async function loadCommand(name: string): Promise<Command | null> {
  switch (name) {
    case 'serve': return (await import('./serve')).runServe;
    case 'import': return (await import('./store-commands')).runImport;
    case 'ls': return (await import('./store-commands')).runLs;
    case 'show': return (await import('./store-commands')).runShow;
    case 'export': return (await import('./store-commands')).runExport;
    case 'search': return (await import('./search')).runSearch;
    case 'sessions': return (await import('./sessions')).runSessions;
    case 'session': return (await import('./sessions')).runSession;
    case 'check': return loadCheck();
    case 'replay': return (await import('./replay')).runReplayCommand;
    case 'mcp': return (await import('./mcp')).runMcp;
    default: return null;
  }
}

async function loadCheck(): Promise<Command> {
  try {
    const mod: { runCheck?: Command } = await import('./check');
    if (typeof mod.runCheck === 'function') return mod.runCheck;
  } catch (error) {
    throw new Error(`the check command could not be loaded: ${(error as Error).message}`);
  }
  throw new Error('the check command is not available in this build');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(USAGE);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`${CLI_VERSION}\n`);
    return 0;
  }
  try {
    const command = await loadCommand(name);
    if (!command) {
      io.stderr(`trace-lens: unknown command "${name}"\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (name !== 'check' && (rest.includes('--help') || rest.includes('-h'))) {
      io.stdout(name === 'mcp' ? (await import('./mcp')).MCP_USAGE : USAGE);
      return 0;
    }
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`trace-lens ${error.message}\nRun "trace-lens --help" for usage.\n`);
      return EXIT_USAGE;
    }
    io.stderr(`trace-lens ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
