// `trace-lens sessions` (coding sessions, newest first) and `trace-lens session ID` (one session's report and
// transcript, bounded). Span content is printed on one line each, control and invisible characters escaped.
import { labelText } from '../core/text/safe-text';
import { codingSessionReport, type CodingSessionReport, type TranscriptStep } from '../core/agents/session-report';
import { AGENT_LABELS, agentOfService, type AgentName } from '../core/agents/dialects';
import type { TraceStore } from '../core/store';
import { existingDir, parseCommandArgs, positiveIntFlag, requireDb, stringFlag } from './args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from './io';
import { formatCost, formatDuration, formatStart, renderTable } from './output';
import { withStore } from './store-commands';

const AGENTS = Object.keys(AGENT_LABELS) as AgentName[];
/** Characters of one piece of span content printed in the transcript. */
const TEXT_CAP = 400;

/** Recorded text on one line through the shared sanitizer: bare when it is one word, else between ⟦ ⟧. */
export function printable(value: string | null | undefined, cap = TEXT_CAP): string {
  return value === null || value === undefined ? '-' : labelText(value, cap);
}

interface SessionRow {
  sessionId: string;
  agent: string | null;
  prompts: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  errorTurns: number;
}

/** Sessions newest first, each named by the agent its newest turn's service stands for. */
function sessionRows(store: TraceStore, agent: AgentName | undefined, limit: number): SessionRow[] {
  const rows: SessionRow[] = [];
  for (const s of store.listSessions({ limit: 10_000 })) {
    const [newest] = store.listTraces({ traceIds: [s.traceIds[s.traceIds.length - 1]!], limit: 1 });
    const name = agentOfService(newest?.service ?? null);
    if (agent && name !== agent) continue;
    rows.push({
      sessionId: s.sessionId, agent: name, prompts: s.turns, startTimeUnixNano: s.startTimeUnixNano,
      endTimeUnixNano: s.endTimeUnixNano, inputTokens: s.inputTokens, outputTokens: s.outputTokens, costUsd: s.costUsd,
      errorTurns: s.errorTurns,
    });
    if (rows.length >= limit) break;
  }
  return rows;
}

export async function runSessions(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('sessions', args, {
    db: { type: 'string' }, agent: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' },
  });
  if (parsed.positionals.length > 0) throw new UsageError(`sessions: unexpected argument "${parsed.positionals[0]}"`);
  const dir = requireDb('sessions', parsed);
  const agent = stringFlag(parsed, 'agent');
  if (agent !== undefined && !AGENTS.includes(agent as AgentName)) {
    throw new UsageError(`sessions: --agent must be one of ${AGENTS.join(', ')}`);
  }
  const limit = positiveIntFlag('sessions', parsed, 'limit') ?? 100;
  existingDir(dir);
  const rows = await withStore(dir, true, (store) => sessionRows(store, agent as AgentName | undefined, limit));
  if (parsed.values.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT_OK;
  }
  if (rows.length === 0) {
    io.stdout('no sessions\n');
    return EXIT_OK;
  }
  io.stdout(renderTable(['SESSION', 'AGENT', 'LAST (UTC)', 'PROMPTS', 'FAILED', 'TOKENS IN/OUT', 'COST'], rows.map((r) => [
    printable(r.sessionId, 64), r.agent ? AGENT_LABELS[r.agent as AgentName] : '-', formatStart(r.endTimeUnixNano),
    String(r.prompts), String(r.errorTurns), `${r.inputTokens}/${r.outputTokens}`, formatCost(r.costUsd),
  ]), new Set([3, 4, 5, 6])));
  return EXIT_OK;
}

export async function runSession(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('session', args, { db: { type: 'string' }, json: { type: 'boolean' } });
  const dir = requireDb('session', parsed);
  if (parsed.positionals.length !== 1) throw new UsageError('session: expected exactly one SESSION_ID');
  const id = parsed.positionals[0]!;
  existingDir(dir);
  const report = await withStore(dir, true, (store) => codingSessionReport(store, id));
  if (!report) {
    io.stderr(`session ${printable(id, 80)} not found in ${dir}\n`);
    return EXIT_FAILURE;
  }
  io.stdout(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : renderSession(report));
  return EXIT_OK;
}

function stepLine(step: TranscriptStep): string {
  const status = step.status === 'error' ? '  ERROR' : '';
  if (step.kind === 'llm') {
    const t = step.tokens!;
    const tokens = `in ${t.input ?? 0} (cache read ${t.cacheRead ?? 0}, write ${t.cacheWrite ?? 0}) out ${t.output ?? 0}`
      + (t.reasoning ? ` (reasoning ${t.reasoning})` : '');
    const cost = step.costUsd ? `  ${formatCost(step.costUsd)} ${step.costReported ? 'reported' : 'priced'}` : '';
    return `    model call  ${printable(step.model, 60)}  ${formatDuration(step.durationMs)}  ${tokens}${cost}${status}`;
  }
  const decision = step.decision ? `  decision: ${printable(step.decision, 30)}${step.decisionSource ? ` by ${printable(step.decisionSource, 30)}` : ''}` : '';
  return [
    `    tool ${printable(step.name, 60)}  ${formatDuration(step.durationMs)}${decision}${status}`,
    `      arguments: ${printable(step.arguments)}`,
    ...(step.output ? [`      output: ${printable(step.output)}`] : []),
  ].join('\n');
}

export function renderSession(r: CodingSessionReport): string {
  const lines = [
    `session ${printable(r.sessionId, 80)}  ${r.agentLabel ?? 'unknown agent'}${r.agentVersion ? ` ${printable(r.agentVersion, 30)}` : ''}`,
    `prompts ${r.prompts} · model calls ${r.modelCalls} · tokens in ${r.tokens.input} (cache read ${r.tokens.cacheRead}, `
      + `write ${r.tokens.cacheWrite}) out ${r.tokens.output} (reasoning ${r.tokens.reasoning}) · cost ${formatCost(r.costUsd)} (${r.costSource})`,
  ];
  const figures = Object.entries(r.figures).map(([k, v]) => `${k} ${Number(v.toFixed(6))}`);
  if (figures.length) lines.push(`metrics: ${figures.join(' · ')}`);
  for (const t of r.tools) {
    const by = Object.entries(t.decidedBy).map(([who, n]) => `${printable(who, 30)} ${n}`).join(', ');
    lines.push(`tool ${printable(t.name, 60)}: ${t.calls} call(s), ${t.failed} failed, ${t.accepted} accepted, ${t.rejected} rejected${by ? ` (by ${by})` : ''}`);
  }
  for (const p of r.transcript) {
    lines.push('', `prompt ${formatStart(p.startTimeUnixNano)}  ${formatDuration(p.durationMs)}  (trace ${p.traceId})`,
      `  user: ${printable(p.prompt)}`);
    for (const step of p.steps) lines.push(stepLine(step));
    lines.push(`  answer: ${printable(p.answer)}`);
  }
  return `${lines.join('\n')}\n`;
}
