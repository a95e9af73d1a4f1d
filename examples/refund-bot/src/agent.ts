/**
 * The refund-help bot: rewrite the question, retrieve policies, rerank them, generate an answer
 * (with a lookup_order tool call), check the citations, and let a judge grade the answer.
 * Every step is a span using the OTel GenAI attribute names.
 */
import { SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import type { ChatMessageIn, ChatRequest, ChatResponse, ChatToolCall } from './fake-model';
import { densityScore, fillTemplate, loadPrompt, overlapScore, type PolicyDoc } from './knowledge';
import type { RunPlan } from './scenario';
import { startSpan } from './telemetry';

export const PROVIDER = 'openai';
export const MODEL = 'gpt-4.1-mini';
const PROMPT_NAME = 'refund-answer';

export interface AgentDeps {
  tracer: Tracer;
  /** OpenAI-compatible base URL (…/v1). */
  modelBaseUrl: string;
  policies: PolicyDoc[];
}

export interface AnswerResult {
  traceId: string;
  answer: string;
  citedPolicies: string[];
  citation: 'passed' | 'failed' | 'skipped';
  verdict: string;
}

type Part =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id: string; response: unknown };
interface OtelMessage {
  role: string;
  parts: Part[];
  finish_reason?: string;
}

export async function answerQuestion(deps: AgentDeps, plan: RunPlan): Promise<AnswerResult> {
  const root = startSpan(deps.tracer, 'refund.answer', null, {
    'workload.id': 'refund-bot',
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': 'refund-bot',
    'gen_ai.conversation.id': plan.conversationId,
    'refund.question': plan.question,
    'deployment.prompt_version': plan.promptVersion,
  });
  try {
    const query = await rewriteQuery(deps, root, plan.question);
    const retrieved = retrievePolicies(deps, root, query, plan.staleIndex);
    const ranked = rerank(deps, root, query, retrieved);
    const answer = await generateAnswer(deps, root, plan, ranked);
    const citedPolicies = [...answer.matchAll(/\[([\w-]+)\]/g)].map((m) => m[1]!);
    const citation = plan.skipCitationCheck ? 'skipped' : checkCitations(deps, root, answer, citedPolicies);
    const verdict = await judgeAnswer(deps, root, plan.question, answer);
    root.setAttribute('refund.answer.text', answer);
    return { traceId: root.spanContext().traceId, answer, citedPolicies, citation, verdict };
  } catch (err) {
    fail(root, err);
    throw err;
  } finally {
    root.end();
  }
}

async function rewriteQuery(deps: AgentDeps, parent: Span, question: string): Promise<string> {
  const span = startSpan(deps.tracer, 'query.rewrite', parent, chatAttributes());
  try {
    const system = 'Rewrite the customer question into a short search query for the policy index.';
    const response = await chat(deps, { model: MODEL, temperature: 0, messages: [{ role: 'system', content: system }, { role: 'user', content: question }] });
    const query = response.choices[0]?.message.content ?? question;
    recordResponse(span, [response]);
    span.setAttributes({
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: system }]),
      'gen_ai.input.messages': JSON.stringify([textMessage('user', question)]),
      'gen_ai.output.messages': JSON.stringify([{ ...textMessage('assistant', query), finish_reason: 'stop' }]),
    });
    return query;
  } catch (err) {
    throw fail(span, err);
  } finally {
    span.end();
  }
}

function retrievePolicies(deps: AgentDeps, parent: Span, query: string, staleIndex: boolean): PolicyDoc[] {
  const span = startSpan(deps.tracer, 'retrieve.policies', parent, {
    'gen_ai.operation.name': 'retrieval',
    'gen_ai.data_source.id': staleIndex ? 'policies-index-2023-snapshot' : 'policies-index',
    'gen_ai.retrieval.query.text': query,
    'gen_ai.retrieval.top_k': 3,
  });
  // The current index only holds published policies; the stale snapshot still has the draft.
  const searchable = deps.policies.filter((p) => staleIndex || p.status === 'published');
  const top = searchable
    .map((doc) => ({ doc, score: overlapScore(query, doc) }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score || a.doc.id.localeCompare(b.doc.id))
    .slice(0, 3);
  span.setAttribute(
    'gen_ai.retrieval.documents',
    JSON.stringify(top.map(({ doc, score }) => ({ id: doc.id, score, content: doc.text, metadata: { title: doc.title, status: doc.status } }))),
  );
  span.end();
  return top.map((hit) => hit.doc);
}

function rerank(deps: AgentDeps, parent: Span, query: string, docs: PolicyDoc[]): PolicyDoc[] {
  const span = startSpan(deps.tracer, 'rerank', parent, {
    'gen_ai.operation.name': 'rerank',
    'reranker.query': query,
    'reranker.model_name': 'keyword-density-v0',
    'reranker.top_k': docs.length,
  });
  // Naive: keyword density, so the draft (which says "refund" in every sentence) wins when present.
  const scored = docs
    .map((doc) => ({ doc, score: densityScore(query, doc) }))
    .sort((a, b) => b.score - a.score || a.doc.id.localeCompare(b.doc.id));
  docs.forEach((doc, i) => span.setAttribute(`reranker.input_documents.${i}.document.id`, doc.id));
  scored.forEach(({ doc, score }, i) => {
    span.setAttribute(`reranker.output_documents.${i}.document.id`, doc.id);
    span.setAttribute(`reranker.output_documents.${i}.document.score`, score);
  });
  span.end();
  return scored.map((s) => s.doc);
}

async function generateAnswer(deps: AgentDeps, parent: Span, plan: RunPlan, docs: PolicyDoc[]): Promise<string> {
  const prompt = loadPrompt(PROMPT_NAME, plan.promptVersion);
  const context = docs.map((d) => `[${d.id}] (${d.status}) ${d.text}`).join('\n');
  const system = fillTemplate(prompt.template, { context, question: plan.question });
  const span = startSpan(deps.tracer, 'llm.generate', parent, {
    ...chatAttributes(),
    'gen_ai.prompt.name': prompt.name,
    'gen_ai.prompt.version': prompt.version,
    'gen_ai.prompt.variable.question': plan.question,
    'gen_ai.prompt.variable.context': context,
    'llm.prompt_template.template': prompt.template,
  });
  try {
    const tools = [{ type: 'function' as const, function: { name: 'lookup_order' } }];
    const messages: ChatMessageIn[] = [
      { role: 'system', content: system },
      { role: 'user', content: plan.question },
    ];
    const recorded: OtelMessage[] = [textMessage('user', plan.question)];
    const responses: ChatResponse[] = [];
    let answer: string | null = null;
    for (let turn = 0; turn < 3 && answer === null; turn++) {
      const response = await chat(deps, { model: MODEL, temperature: 0.2, messages, tools });
      responses.push(response);
      const message = response.choices[0]?.message;
      const call = message?.tool_calls?.[0];
      if (!call) {
        answer = message?.content ?? '';
        break;
      }
      const result = await executeLookupOrder(deps, span, call);
      messages.push({ role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', content: result, tool_call_id: call.id });
      recorded.push(
        { role: 'assistant', parts: [{ type: 'tool_call', id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: call.id, response: JSON.parse(result) }] },
      );
    }
    const final = answer ?? '';
    recordResponse(span, responses);
    span.setAttributes({
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: system }]),
      'gen_ai.input.messages': JSON.stringify(recorded),
      'gen_ai.output.messages': JSON.stringify([{ ...textMessage('assistant', final), finish_reason: 'stop' }]),
    });
    return final;
  } catch (err) {
    throw fail(span, err);
  } finally {
    span.end();
  }
}

const ORDERS: Record<string, string> = {
  '10452': 'Blue kettle',
  '20931': 'Linen shirt',
  '31877': 'Noise-cancelling headphones',
  '40219': 'Cast-iron pan',
  '55120': 'Desk lamp',
};

async function executeLookupOrder(deps: AgentDeps, parent: Span, call: ChatToolCall): Promise<string> {
  const span = startSpan(deps.tracer, 'execute_tool lookup_order', parent, {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'lookup_order',
    'gen_ai.tool.type': 'function',
    'gen_ai.tool.description': 'Look up an order by its number.',
    'gen_ai.tool.call.id': call.id,
    'gen_ai.tool.call.arguments': call.function.arguments,
  });
  const { order_id: orderId } = JSON.parse(call.function.arguments) as { order_id: string };
  const n = Number.parseInt(orderId, 10);
  await new Promise((resolve) => setTimeout(resolve, 5 + (n % 20))); // a database round trip
  const delivered = new Date(Date.UTC(2026, 9, 1 + (n % 28))).toISOString().slice(0, 10);
  const result = JSON.stringify({ order_id: orderId, item: ORDERS[orderId] ?? 'Gift box', delivered, status: 'delivered' });
  span.setAttribute('gen_ai.tool.call.result', result);
  span.end();
  return result;
}

function checkCitations(deps: AgentDeps, parent: Span, answer: string, cited: string[]): 'passed' | 'failed' {
  const span = startSpan(deps.tracer, 'tool.citation_check', parent, {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'citation_check',
    'gen_ai.tool.type': 'function',
    'gen_ai.tool.call.arguments': JSON.stringify({ answer, cited }),
  });
  const published = deps.policies.filter((p) => p.status === 'published' && cited.includes(p.id));
  const unsupported: string[] = [];
  for (const id of cited) {
    if (!published.some((p) => p.id === id)) unsupported.push(`cites unpublished policy ${id}`);
  }
  for (const claim of answer.match(/within \d+ days/g) ?? []) {
    if (!published.some((p) => p.text.includes(claim))) unsupported.push(`unsupported claim "${claim}"`);
  }
  if (cited.length === 0) unsupported.push('no citation');
  const passed = unsupported.length === 0;
  span.setAttributes({
    'citation.check.passed': passed,
    'citation.unsupported_claims': unsupported,
    'gen_ai.tool.call.result': JSON.stringify({ passed, unsupported }),
  });
  if (!passed) span.setStatus({ code: SpanStatusCode.ERROR, message: unsupported.join('; ') });
  span.end();
  return passed ? 'passed' : 'failed';
}

async function judgeAnswer(deps: AgentDeps, parent: Span, question: string, answer: string): Promise<string> {
  const span = startSpan(deps.tracer, 'judge.answer', parent, {
    'openinference.span.kind': 'EVALUATOR',
    'gen_ai.evaluation.name': 'answer_quality',
    'gen_ai.provider.name': PROVIDER,
    'gen_ai.request.model': MODEL,
  });
  try {
    const system = 'You are a strict judge. Grade the answer for helpfulness and faithfulness. Reply as JSON.';
    const response = await chat(deps, {
      model: MODEL,
      temperature: 0,
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: `Question: ${question}\nAnswer: ${answer}` },
      ],
    });
    recordResponse(span, [response]);
    const verdict = JSON.parse(response.choices[0]?.message.content ?? '{}') as { verdict?: string; score?: number; reason?: string };
    span.setAttributes({
      'gen_ai.evaluation.score.value': verdict.score ?? 0,
      'gen_ai.evaluation.score.label': verdict.verdict ?? 'unknown',
      'gen_ai.evaluation.explanation': verdict.reason ?? '',
    });
    return verdict.verdict ?? 'unknown';
  } catch (err) {
    throw fail(span, err);
  } finally {
    span.end();
  }
}

function chatAttributes(): Record<string, string> {
  return { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': PROVIDER, 'gen_ai.request.model': MODEL };
}

function textMessage(role: string, content: string): OtelMessage {
  return { role, parts: [{ type: 'text', content }] };
}

function recordResponse(span: Span, responses: ChatResponse[]): void {
  const last = responses[responses.length - 1];
  if (!last) return;
  span.setAttributes({
    'gen_ai.response.model': last.model,
    'gen_ai.response.id': last.id,
    'gen_ai.response.finish_reasons': responses.map((r) => r.choices[0]?.finish_reason ?? 'stop').slice(-1),
    'gen_ai.usage.input_tokens': responses.reduce((n, r) => n + r.usage.prompt_tokens, 0),
    'gen_ai.usage.output_tokens': responses.reduce((n, r) => n + r.usage.completion_tokens, 0),
  });
}

async function chat(deps: AgentDeps, request: ChatRequest): Promise<ChatResponse> {
  const res = await fetch(`${deps.modelBaseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!res.ok) throw new Error(`model call failed: HTTP ${res.status}`);
  return (await res.json()) as ChatResponse;
}

function fail(span: Span, err: unknown): unknown {
  const error = err instanceof Error ? err : new Error(String(err));
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  span.setAttribute('error.type', error.name);
  return err;
}
