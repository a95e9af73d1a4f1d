// What the page asks the host to do with a whole trace (the trace commands behind the page's buttons).
import { pageRequest } from '../rpc-types';
import type { ActionResult } from './panel';

export const CopyTraceText = pageRequest<{ traceId: string }, ActionResult>('trace/copyText');
export const ExportTrace = pageRequest<{ traceId: string }, ActionResult>('trace/export');
export const ClearTraces = pageRequest<Record<string, never>, ActionResult>('traces/clear');
/** Show a trace in its own editor tab (revealed when already open). */
export const OpenInEditor = pageRequest<{ traceId: string; spanId?: string }, ActionResult>('trace/openInEditor');
