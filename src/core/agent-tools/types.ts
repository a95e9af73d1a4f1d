// What the agent tools read and return. The store may answer synchronously (TraceStore, in the CLI's
// MCP server) or with promises (the extension's StoreWorker): every call is awaited.
import type { Contract, TraceCheckResult } from '../contracts/types';
import type { NormalizedSpan, TraceSummary } from '../model/types';
import type { ToolStore } from '../store/views';
import type { WorkspaceView } from './workspace';

export type { ToolStore } from '../store/views';

/** The contracts in force, and a per-trace check that may be answered from a cache. */
export interface ToolContracts {
  contracts(): readonly Contract[];
  /** Problems loading the contract files, as one line each (shown so the agent knows a check is partial). */
  problems(): readonly string[];
  /** Names of the contract files (for messages). */
  files(): readonly string[];
  check(summary: TraceSummary, spans: () => Promise<NormalizedSpan[]>): Promise<TraceCheckResult | null>;
}

export interface ToolContext {
  store: ToolStore;
  contracts: ToolContracts;
  workspace: WorkspaceView;
  /** Default answer budget in (estimated) tokens. */
  maxTokens: number;
  /** Cancels a long content search. */
  signal?: AbortSignal;
}

/** A tool's answer: bounded text for the model, plus the same facts as structured data. */
export interface ToolResult {
  text: string;
  data: Record<string, unknown>;
  isError?: boolean;
}

/** JSON Schema (the subset the tool inputs use). */
export interface JsonSchema {
  type?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  additionalProperties?: boolean;
}

export interface AgentTool {
  /** snake_case, as MCP clients show it. */
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  run(ctx: ToolContext, input: Record<string, unknown>): Promise<ToolResult>;
}

/** The model asked with arguments the tool cannot use: reported as a tool error, never thrown further. */
export class ToolInputError extends Error {
  override name = 'ToolInputError';
}

/** Let other calls a server is answering run (a store read in this thread is synchronous). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
