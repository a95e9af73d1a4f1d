export * from './types';
export { replayRequestFromSpan, replayProviderFor, recordedAnswerText } from './from-span';
export { applyEdits, ReplayEditError, type EditedRequest, type ParameterEdits, type ReplayEdits, type TemplateEdit, type TemplateTarget } from './edits';
export { renderTemplate, type RenderedTemplate, type TemplateSection } from './template';
