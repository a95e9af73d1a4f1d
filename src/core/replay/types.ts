// A recorded model call as a provider-neutral request that can be edited and sent again. What the span did not
// record is listed in `marks`, never filled in.

/** The API a replay is sent to. `openai` is Chat Completions (any OpenAI-compatible base URL); `openai-responses` the Responses API. */
export type ReplayProvider = 'openai' | 'openai-responses' | 'anthropic' | 'gemini';
export const REPLAY_PROVIDERS: readonly ReplayProvider[] = ['openai', 'openai-responses', 'anthropic', 'gemini'];

export type ReplayRole = 'system' | 'user' | 'assistant' | 'tool';

export type ReplayContent =
  | { type: 'text'; text: string }
  /** `arguments` is JSON text as the model produced it (or as the producer serialized it). */
  | { type: 'tool_call'; id: string | null; name: string; arguments: string }
  | { type: 'tool_result'; id: string | null; name: string | null; result: string }
  /** A part the replay cannot send (image, audio, reasoning …): kept for display, left out of the request. */
  | { type: 'unsupported'; description: string };

export interface ReplayMessage {
  role: ReplayRole;
  content: ReplayContent[];
  /** The participant name the producer recorded (OpenAI `name`). */
  name?: string;
}

export interface ReplayToolDefinition {
  name: string;
  description: string | null;
  /** JSON Schema of the arguments; null when the producer recorded none. */
  parameters: Record<string, unknown> | null;
}

export type ReplayToolChoice = 'auto' | 'none' | 'required' | { tool: string };

export type ReplayResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

export interface ReplayParameters {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  stop?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  responseFormat?: ReplayResponseFormat;
  toolChoice?: ReplayToolChoice;
  /** OpenAI reasoning models (`reasoning_effort` / Responses `reasoning.effort`), e.g. low, medium, high. */
  reasoningEffort?: string;
}

export const PARAMETER_NAMES = [
  'temperature', 'topP', 'topK', 'maxTokens', 'stop', 'seed', 'frequencyPenalty', 'presencePenalty',
  'responseFormat', 'toolChoice', 'reasoningEffort',
] as const satisfies ReadonlyArray<keyof ReplayParameters>;

export type ReplayMarkKind =
  /** The span recorded no input messages (content capture off, or a producer that never records it). */
  | 'no-messages'
  /** Tools were in play (calls in the conversation or the answer, or a tool choice) but their definitions were not recorded. */
  | 'no-tool-definitions'
  /** A value redaction replaced (`[REDACTED:rule]`, a hash mark, OpenInference's `__REDACTED__`). */
  | 'redacted'
  /** Content that was cut short (a truncation marker, or a message attribute that is not whole JSON). */
  | 'truncated'
  /** A tool call or tool result without the id that pairs them (providers may refuse it). */
  | 'tool-call-id-missing'
  /** A message the producer recorded with no content. */
  | 'empty-message'
  /** A part the replay cannot send (see ReplayContent `unsupported`). */
  | 'unsupported-content'
  | 'no-model'
  /** A template placeholder the span recorded no variable for (edits only). */
  | 'missing-variable'
  /** The recorded provider does not map to an API the replay speaks: pick one. */
  | 'unknown-provider';

export interface ReplayMark {
  kind: ReplayMarkKind;
  /** Where: `system`, `messages[2]`, `tools`, `model` …; the request as a whole is `request`. */
  where: string;
  message: string;
}

export interface ReplaySource {
  traceId: string;
  spanId: string;
  spanName: string;
  service: string | null;
  /** The provider as the span named it (gen_ai.provider.name, llm.provider, ai.model.provider …). */
  recordedProvider: string | null;
  promptName: string | null;
  promptVersion: string | null;
  promptTemplate: string | null;
  promptVariables: Record<string, string> | null;
}

export interface ReplayRequest {
  source: ReplaySource;
  /** null when the recorded provider maps to none of the replay's APIs (a mark says so). */
  provider: ReplayProvider | null;
  model: string | null;
  parameters: ReplayParameters;
  /** null: the span did not record tool definitions (not the same as "no tools": that is []). */
  tools: ReplayToolDefinition[] | null;
  /** System instruction text blocks, in order; [] when there are none. */
  system: string[];
  messages: ReplayMessage[];
  marks: ReplayMark[];
}
