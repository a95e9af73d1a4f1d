// Regression fixtures: the page's "Save as Regression Fixture".
import { pageRequest } from '../rpc-types';
import type { ActionResult } from './panel';

/** "Save as Regression Fixture": the trace and a manifest go into the workspace's fixtures folder. */
export const SaveTraceFixture = pageRequest<{ traceId: string }, ActionResult>('trace/saveFixture');
