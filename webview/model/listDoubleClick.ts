// A double-click on a list row: its first click already opened the trace in the side bar, so its second
// click lands on the trace view. Only the click right after the row's own click counts as that second click:
// any other first click (a span row's, say) starts a double-click of its own, which belongs to what it hit.

/** A second click this soon after a list row opened a trace makes it a double-click. */
export const LIST_DOUBLE_CLICK_MS = 600;

export class ListDoubleClick {
  private recent: { traceId: string; at: number } | null = null;

  /**
   * Every click in the app, before its target handles it (capture phase). Returns the trace whose list row
   * this click double-clicked, or null when the click is not that.
   */
  click(detail: number, now: number): string | null {
    const recent = this.recent;
    // A first click (detail 1) ends the window: if it opens a trace, opened() records it after this call.
    if (detail !== 0) this.recent = null;
    if (detail !== 2 || !recent || now - recent.at > LIST_DOUBLE_CLICK_MS) return null;
    return recent.traceId;
  }

  /** A list row (or a content-search hit) opened this trace in the side bar. */
  opened(traceId: string, now: number): void {
    this.recent = { traceId, at: now };
  }
}
