// The Sessions mode of the list (traces grouped by conversation or user) and the session view (one session's
// turns as a transcript): each a view controller of the navigation machine, with the requests behind it, kept
// current while the store changes.
import type { SessionKey } from '../../src/core/model/store-types';
import { GetSession, ListSessions, type SessionDetail, type SessionRef, type SessionRow } from '../../src/protocol/messages';
import type { EnterHow } from '../navigation';
import { renderSessionList, renderSessionView } from '../views/sessionView';
import type { SendRequest, StoreChange, ViewController } from './view';

/** Store changes closer together than this cause one refresh. */
const REFRESH_DELAY_MS = 300;
const FILTER_DELAY_MS = 150;

export interface SessionListHost {
  requestUpdate(): void;
  /** "Traces": back to the trace list. */
  showTraces(): void;
  /** The grouping changed: the app records it in the route. */
  setBy(by: SessionKey): void;
  openSession(ref: SessionRef): void;
}

export class SessionListController implements ViewController<{ view: 'sessions'; by: SessionKey }> {
  private by: SessionKey = 'conversation';
  private text = '';
  private rows: SessionRow[] | null = null;
  private loading = false;
  private error: string | null = null;
  private seq = 0;
  private textTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: SessionListHost, private readonly send: SendRequest) {}

  get shownRows(): readonly SessionRow[] | null {
    return this.rows;
  }

  enter(route: { by: SessionKey }, how: EnterHow): void {
    const regrouped = route.by !== this.by;
    this.by = route.by;
    if (regrouped) this.rows = null;
    // "Back" from a session shows the rows at once and refreshes them behind.
    if (how === 'open' || regrouped || this.rows === null) void this.load();
    else this.storeChanged();
  }

  leave(): void {
    this.seq++;
    clearTimeout(this.textTimer);
    clearTimeout(this.refreshTimer);
    this.textTimer = undefined;
    this.refreshTimer = undefined;
    this.loading = false;
  }

  storeChanged(_change?: StoreChange): void {
    if (this.refreshTimer !== undefined) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.load();
    }, REFRESH_DELAY_MS);
  }

  setText(text: string): void {
    this.text = text;
    clearTimeout(this.textTimer);
    this.textTimer = setTimeout(() => {
      this.textTimer = undefined;
      void this.load();
    }, FILTER_DELAY_MS);
    this.host.requestUpdate();
  }

  async load(): Promise<void> {
    const seq = ++this.seq;
    this.loading = true;
    this.host.requestUpdate();
    try {
      const rows = await this.send(ListSessions, { by: this.by, text: this.text || undefined });
      if (seq !== this.seq) return;
      this.rows = rows;
      this.error = null;
    } catch (e) {
      if (seq === this.seq) this.error = `Could not load sessions: ${(e as Error).message}`;
    } finally {
      if (seq === this.seq) this.loading = false;
      this.host.requestUpdate();
    }
  }

  render(): unknown {
    return renderSessionList({
      by: this.by,
      text: this.text,
      rows: this.rows,
      loading: this.loading,
      error: this.error,
      onBy: (by) => this.host.setBy(by),
      onText: (text) => this.setText(text),
      onOpen: (row) => this.host.openSession({ sessionId: row.sessionId, by: row.by }),
      onShowTraces: () => this.host.showTraces(),
    });
  }

  measure(): void {}

  afterRender(): boolean {
    return false;
  }
}

export interface SessionHost {
  requestUpdate(): void;
  /** "Back" to the Sessions list, when there is one to go back to. */
  backAction(): (() => void) | null;
  /** A turn was clicked: open its trace (its "Back" returns here). */
  openTrace(traceId: string): void;
}

export class SessionController implements ViewController<{ view: 'session'; ref: SessionRef }> {
  private ref: SessionRef | null = null;
  private detail: SessionDetail | null = null;
  private error: string | null = null;
  private seq = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: SessionHost, private readonly send: SendRequest) {}

  get shown(): SessionDetail | null {
    return this.detail;
  }

  enter(route: { ref: SessionRef }, how: EnterHow): void {
    const same = this.ref?.sessionId === route.ref.sessionId && this.ref.by === route.ref.by;
    this.ref = route.ref;
    this.error = null;
    // "Back" from a turn's trace keeps the transcript on screen while it refreshes.
    if (!same || how === 'open') this.detail = null;
    void this.load();
  }

  leave(): void {
    this.seq++;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  storeChanged(_change?: StoreChange): void {
    if (!this.ref || this.refreshTimer !== undefined) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.load();
    }, REFRESH_DELAY_MS);
  }

  private async load(): Promise<void> {
    const ref = this.ref;
    if (!ref) return;
    const seq = ++this.seq;
    try {
      const detail = await this.send(GetSession, ref);
      if (seq !== this.seq) return;
      this.detail = detail;
      this.error = null;
    } catch (e) {
      if (seq === this.seq) this.error = `Could not load the session: ${(e as Error).message}`;
    }
    this.host.requestUpdate();
  }

  render(): unknown {
    const ref = this.ref;
    if (!ref) return null;
    return renderSessionView({
      by: ref.by,
      sessionId: ref.sessionId,
      detail: this.detail,
      error: this.error,
      pricesAsOf: this.detail?.pricesAsOf ?? '',
      onBack: this.host.backAction(),
      onOpenTrace: (traceId) => this.host.openTrace(traceId),
    });
  }

  measure(): void {}

  afterRender(): boolean {
    return false;
  }
}
