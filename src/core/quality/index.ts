// The quality loop's pure parts: prompt-version scorecards, cohort comparison, and alert rules.
export * from './scorecard';
export * from './cohorts';
export * from './lens';
export * from './alerts';
