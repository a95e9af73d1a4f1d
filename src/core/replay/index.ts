export * from './types';
export { replayRequestFromSpan, replayProviderFor } from './from-span';
export { REPLAY_ATTR, REPLAY_SCOPE, REPLAY_SERVICE, replayRequestBody, replaySpan, type RunRecord } from './record';
export { applyEdits, ReplayEditError, type EditedRequest, type ParameterEdits, type ReplayEdits, type TemplateEdit, type TemplateTarget } from './edits';
export { renderTemplate, type RenderedTemplate, type TemplateSection } from './template';
export { runReplay, type ReplayRunOptions, type ReplayRunResult } from './run-replay';
