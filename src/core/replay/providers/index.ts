export * from './types';
export { ReplayProviderError, endpointLabel, retryAfterSeconds, withoutKey, type ReplayErrorKind } from './errors';
export { DEFAULT_BASE_URLS, KEY_ENVIRONMENT, clientFor } from './clients';
export { DEFAULT_TIMEOUT_MS, buildProviderRequest, runOnProvider, type RunOptions, type RunResult } from './run';
export { readSse } from './sse';
