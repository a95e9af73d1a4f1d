// The Prompts view: scorecards per prompt version and the comparison of two versions.
import type { CohortComparison, PromptScorecard } from '../../core/quality';
import { hostNotification, pageRequest } from '../rpc-types';

/** The Prompts view: a scorecard per prompt name and version. */
export interface PromptScorecardsResult {
  cards: PromptScorecard[];
  /** Prompt runs read from the store (newest first), and whether older ones were left out. */
  runsRead: number;
  truncated: boolean;
  /** Runs whose spans were read for evaluation scores (the newest ones). */
  scoredRuns: number;
}

/** Two versions of one prompt (null = runs that named no version). */
export interface PromptVersionPair {
  promptName: string;
  versionA: string | null;
  versionB: string | null;
}

/** Open the Prompts view, optionally at one prompt (a CodeLens click) or on a comparison. */
export interface ShowPromptsParams {
  promptName?: string;
  version?: string | null;
  compare?: PromptVersionPair;
}

export const GetPromptScorecards = pageRequest<{ promptName?: string }, PromptScorecardsResult>('prompts/scorecards');
/** Null when either version has no runs (any more). */
export const ComparePromptVersions = pageRequest<PromptVersionPair, CohortComparison | null>('prompts/compare');
/** Show the Prompts view. */
export const ShowPrompts = hostNotification<ShowPromptsParams>('prompts/show');
