// Span → code and span → prompt linking. Pure: callers pass file lists and readers in.
export {
  extractCodeLocation,
  type CodeLocatable,
  type CodeLocationSource,
  type ExtractCodeLocationOptions,
  type ExtractedCodeLocation,
} from './code-location';
export { isRuntimeFrame, parseStackFrames, type StackFrame } from './stack-frames';
export {
  mapPathToWorkspace,
  type MapPathOptions,
  type PathCandidate,
  type PathMapping,
  type PathMatchReason,
  type WorkspaceFile,
} from './path-mapping';
export { toSlashPath } from './paths';
export {
  findLiteralCandidates,
  scanLiterals,
  type LiteralCandidate,
  type LiteralMatchKind,
  type LiteralSearchOptions,
  type SourceText,
} from './literal-search';
export { globToRegExp, matchAnyGlob, matchGlob } from './glob';
export { extractPromptRef, type PromptRef, type PromptRefSource } from './prompt-ref';
export {
  DEFAULT_PROMPT_GLOBS,
  PROMPT_EXTENSIONS,
  matchPromptFiles,
  type PromptConvention,
  type PromptFileMatch,
  type PromptFileResult,
  type PromptIdentity,
} from './prompt-files';
export { readPromptHeader, splitFrontMatter, type PromptHeader } from './front-matter';
export { compareTemplate, normalizeTemplate, templateBody, type TemplateComparison } from './template';
export { compareRenderedPrompt, type RenderedPrompt } from './rendered-prompt';
export { compareVersions, describeVersionGap, displayVersion, normalizeVersion, versionsEqual } from './versions';
