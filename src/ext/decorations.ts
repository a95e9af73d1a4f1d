// Extension point for features that decorate the panel (span contracts: badges and ghost rows).
import type { TraceDetail, TraceRow } from '../protocol/messages';

export interface PanelDecorator {
  /** Add `badges` to trace-list rows (mutate in place). */
  decorateTraces?(rows: TraceRow[]): void | Promise<void>;
  /** Add span `badges` and `ghosts` to an opened trace (mutate in place). */
  decorateTrace?(detail: TraceDetail): void | Promise<void>;
  /** Traces with contract violations (the list's "violations only" filter). */
  violatingTraceIds?(): ReadonlySet<string>;
}

export class PanelDecorations {
  private readonly decorators = new Set<PanelDecorator>();
  private readonly changeListeners = new Set<() => void>();

  register(decorator: PanelDecorator): { dispose(): void } {
    this.decorators.add(decorator);
    this.changed();
    return { dispose: () => { this.decorators.delete(decorator); this.changed(); } };
  }

  /** Decorations changed without new data (e.g. contracts reloaded): the panel refetches. */
  changed(): void {
    for (const l of [...this.changeListeners]) l();
  }

  onDidChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  async applyToTraces(rows: TraceRow[]): Promise<TraceRow[]> {
    for (const d of this.decorators) await safely(() => d.decorateTraces?.(rows));
    return rows;
  }

  /** Union over decorators; null when no decorator tracks violations. */
  violatingTraceIds(): Set<string> | null {
    let out: Set<string> | null = null;
    for (const d of this.decorators) {
      const ids = d.violatingTraceIds?.();
      if (!ids) continue;
      out ??= new Set();
      for (const id of ids) out.add(id);
    }
    return out;
  }

  async applyToTrace(detail: TraceDetail): Promise<TraceDetail> {
    for (const d of this.decorators) await safely(() => d.decorateTrace?.(detail));
    return detail;
  }
}

async function safely(fn: () => void | Promise<void> | undefined): Promise<void> {
  try {
    await fn();
  } catch {
    // A failing decorator must not hide the data.
  }
}
