// Redaction at ingest: rules (presets shared with span contracts, key globs, custom regexes) applied to a
// decoded request before it is stored or forwarded.
export {
  DEFAULT_REDACTION, DEFAULT_REDACTION_KEYS, PRESET_GROUPS, REDACTION_OFF, expandPresets, isSecretRule, keyRuleName,
  parseRedactionConfig, type RedactionConfig, type RedactionMode,
} from './config';
export { Redactor, type HitCounts } from './engine';
export { REDACTED_COUNT_KEY, REDACTED_RULES_KEY, redactRequest, type RedactedSpanRef, type RedactionOutcome } from './request';
export { REDACTION_KEY_FILE, storeRedactionKey } from './secret';
