// What the span did not record, found by looking: redaction marks in values, content cut short, pairing ids and
// definitions that are missing. Each becomes a ReplayMark; nothing is filled in.
import { isRecord } from '../model/attributes';
import type { Attributes, SpanEvent } from '../model/types';
import { OPERATION_DETAILS_EVENT } from './parameters';
import type { ReplayMark, ReplayMessage, ReplayRequest } from './types';

// Redaction at ingest writes `[REDACTED:rule]` (or `[rule:<16 hex>]` in hash mode); OpenInference's hide options write `__REDACTED__`.
const REDACTED = /\[REDACTED:([^\]\s]{1,80})\]|\[([A-Za-z0-9_.-]{1,80}):[0-9a-f]{16}\]|__REDACTED__/g;
// Markers producers and SDKs leave where they cut a value.
const TRUNCATED = /(?:\.\.\.|…)\s*[[(]?\s*truncated\b[^\])]*[\])]?\s*$|\[truncated(?: [^\]]{0,60})?\]|<truncated[^>]{0,60}>/i;

/** Attributes that hold a whole JSON document: not parsing means an attribute length limit cut it. */
const JSON_ATTRIBUTES = [
  'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'gen_ai.tool.definitions',
  'ai.prompt.messages', 'ai.prompt', 'llm.invocation_parameters', 'langfuse.observation.input',
];

export function redactionRules(text: string): string[] {
  const rules: string[] = [];
  for (const m of text.matchAll(REDACTED)) rules.push(m[1] ?? m[2] ?? 'openinference');
  return rules;
}

export function looksTruncated(text: string): boolean {
  return TRUNCATED.test(text);
}

function scanText(text: string, where: string, marks: ReplayMark[]): void {
  const rules = redactionRules(text);
  if (rules.length > 0) {
    const names = [...new Set(rules)].join(', ');
    marks.push({ kind: 'redacted', where, message: `${rules.length} value(s) redacted (${names}): the redaction mark is sent as recorded` });
  }
  if (looksTruncated(text)) marks.push({ kind: 'truncated', where, message: 'the recorded text was cut short (a truncation marker)' });
}

function cutJson(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  // Only what opens like a JSON document (a Langfuse text input may well start with "[").
  const t = value.trimStart();
  if (!/^(\[\s*[{["]|\{\s*")/.test(t)) return false;
  try {
    JSON.parse(t);
    return false;
  } catch {
    return true;
  }
}

function scanAttributes(attributes: Attributes, where: string, marks: ReplayMark[]): void {
  for (const key of JSON_ATTRIBUTES) {
    if (cutJson(attributes[key])) {
      marks.push({ kind: 'truncated', where, message: `${key} is not whole JSON (cut by an attribute length limit?): its content is missing here` });
    }
  }
}

function messageMarks(m: ReplayMessage, where: string, marks: ReplayMark[], callIds: ReadonlySet<string>): void {
  if (m.content.length === 0) {
    const hint = m.role === 'assistant' ? ' (a tool call the producer did not record?)' : '';
    marks.push({ kind: 'empty-message', where, message: `the ${m.role} message was recorded without content${hint}` });
  }
  for (const c of m.content) {
    if (c.type === 'text') scanText(c.text, where, marks);
    else if (c.type === 'tool_call') {
      scanText(c.arguments, where, marks);
      if (c.id === null) marks.push({ kind: 'tool-call-id-missing', where, message: `tool call ${c.name} has no recorded id` });
    } else if (c.type === 'tool_result') {
      scanText(c.result, where, marks);
      if (c.id === null) marks.push({ kind: 'tool-call-id-missing', where, message: 'tool result has no recorded call id (providers may refuse it)' });
      else if (!callIds.has(c.id)) {
        marks.push({ kind: 'tool-call-id-missing', where, message: `tool result answers call ${c.id}, which the recorded messages do not hold` });
      }
    } else {
      marks.push({ kind: 'unsupported-content', where, message: `${c.description}: shown, not sent` });
    }
  }
}

function toolsInPlay(request: Omit<ReplayRequest, 'marks'>, answerTools: readonly string[]): string[] {
  const names = new Set<string>(answerTools);
  for (const m of request.messages) {
    for (const c of m.content) {
      if (c.type === 'tool_call') names.add(c.name);
      else if (c.type === 'tool_result') names.add(c.name ?? 'a tool result');
    }
  }
  const choice = request.parameters.toolChoice;
  if (isRecord(choice)) names.add(choice.tool);
  return [...names];
}

export function findMarks(
  request: Omit<ReplayRequest, 'marks'>, attributes: Attributes, events: readonly SpanEvent[], answerTools: readonly string[],
): ReplayMark[] {
  const marks: ReplayMark[] = [];
  scanAttributes(attributes, 'request', marks);
  for (const e of events) if (e.name === OPERATION_DETAILS_EVENT) scanAttributes(e.attributes, 'request', marks);
  if (request.model === null) marks.push({ kind: 'no-model', where: 'model', message: 'the span recorded no model: choose one' });
  if (request.provider === null) {
    const named = request.source.recordedProvider;
    marks.push({
      kind: 'unknown-provider', where: 'provider',
      message: named ? `the recorded provider "${named}" is not one the replay speaks: choose one` : 'the span recorded no provider: choose one',
    });
  }
  if (request.messages.length === 0) {
    marks.push({ kind: 'no-messages', where: 'messages', message: 'the span recorded no input messages (content capture off?): write them to replay' });
  }
  request.system.forEach((s, i) => scanText(s, request.system.length > 1 ? `system[${i}]` : 'system', marks));
  const callIds = new Set<string>();
  request.messages.forEach((m, i) => {
    messageMarks(m, `messages[${i}]`, marks, callIds);
    for (const c of m.content) if (c.type === 'tool_call' && c.id !== null) callIds.add(c.id);
  });
  if (request.tools === null) {
    const used = toolsInPlay(request, answerTools);
    if (used.length > 0) {
      marks.push({
        kind: 'no-tool-definitions', where: 'tools',
        message: `tool definitions were not recorded (tools in play: ${used.join(', ')}): the replay sends none`,
      });
    }
  } else {
    for (const t of request.tools) if (t.description) scanText(t.description, `tools.${t.name}`, marks);
  }
  return marks;
}
