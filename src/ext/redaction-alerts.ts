// When a secret arrives: which warnings to show. The first hit of a rule is shown at once; hits of the same
// rule within the quiet period after it are held and shown together when it ends. Personal-data rules are
// counted in the panel but do not alert. No vscode import (unit-tested).
import type { RedactionReport } from '../core/model/store-types';
import { VALUE_PRESETS } from '../core/contracts/patterns';
import { isSecretRule } from '../core/redaction';

export interface SpanRef {
  traceId: string;
  spanId: string;
}

export interface RedactionAlert {
  rule: string;
  /** Values the rule redacted since the last warning about it. */
  hits: number;
  /** Spans they were in (at most MAX_SPANS, newest last). */
  spans: SpanRef[];
}

export const DEFAULT_QUIET_MS = 30_000;

/** The warning's text: what arrived, where, how often, which rule (never the value). */
export function alertMessage(alert: RedactionAlert): string {
  const what = VALUE_PRESETS[alert.rule]?.description
    ?? (alert.rule.startsWith('key:') ? `a value under a key matching '${alert.rule.slice(4)}'` : `a match of '${alert.rule}'`);
  const spans = new Set(alert.spans.map((s) => `${s.traceId}/${s.spanId}`)).size;
  const where = spans === 0 ? 'a log record without a span' : spans === 1 ? 'a span' : `${spans} spans`;
  return `Agent Trace Lens: ${what} arrived in ${where} (${alert.hits}×, rule ${alert.rule}). It was redacted before anything was stored.`;
}

const MAX_SPANS = 200;

export class RedactionAlertGate {
  private readonly lastShown = new Map<string, number>();
  private readonly held = new Map<string, RedactionAlert>();

  constructor(private readonly quietMs = DEFAULT_QUIET_MS) {}

  /** Takes one request's report; returns the warnings to show now. */
  add(report: RedactionReport, now: number): RedactionAlert[] {
    const out: RedactionAlert[] = [];
    for (const [rule, hits] of Object.entries(report.hits)) {
      if (!isSecretRule(rule) || hits <= 0) continue;
      let alert = this.held.get(rule);
      if (!alert) this.held.set(rule, (alert = { rule, hits: 0, spans: [] }));
      alert.hits += hits;
      for (const s of report.spans) if (s.rules.includes(rule)) alert.spans.push({ traceId: s.traceId, spanId: s.spanId });
      if (alert.spans.length > MAX_SPANS) alert.spans.splice(0, alert.spans.length - MAX_SPANS);
      const last = this.lastShown.get(rule);
      if (last === undefined || now - last >= this.quietMs) out.push(this.release(rule, now));
    }
    return out;
  }

  /** Held warnings whose quiet period has ended. */
  due(now: number): RedactionAlert[] {
    const out: RedactionAlert[] = [];
    for (const rule of [...this.held.keys()]) {
      if (now - (this.lastShown.get(rule) ?? -Infinity) >= this.quietMs) out.push(this.release(rule, now));
    }
    return out;
  }

  /** When the next held warning falls due, or null when none is held. */
  nextDue(): number | null {
    let next: number | null = null;
    for (const rule of this.held.keys()) {
      const at = (this.lastShown.get(rule) ?? 0) + this.quietMs;
      if (next === null || at < next) next = at;
    }
    return next;
  }

  private release(rule: string, now: number): RedactionAlert {
    const alert = this.held.get(rule)!;
    this.held.delete(rule);
    this.lastShown.set(rule, now);
    return alert;
  }
}
