// What every view controller offers the app: the navigation machine (navigation.ts) enters and leaves views
// through it, and the app renders the current one and forwards store changes and DOM hooks.
import { html } from 'lit';
import type { PageNotification, PageRequest } from '../../src/protocol/messages';
import type { EnterHow, Route } from '../navigation';

export type SendRequest = <P, R>(type: PageRequest<P, R>, params: P) => Promise<R>;
export type SendNotification = <P>(type: PageNotification<P>, params: P) => void;

/** What changed in the host's store since the last snapshot. */
export interface StoreChange {
  /** Spans were added or removed. */
  data: boolean;
  /** Badges or ghost rows changed without new data. */
  decorations: boolean;
}

export interface ViewController<R extends Route = Route> {
  /** The view becomes current: load what `route` names (on "Back" it may keep what it had). */
  enter(route: R, how: EnterHow): void;
  /** Another view becomes current: drop answers still on their way, stop timers. */
  leave(): void;
  /** The store changed while this view is current. */
  storeChanged(change: StoreChange): void;
  render(): unknown;
  /** Read scroll positions and viewport sizes from the DOM. */
  measure(root: ParentNode): void;
  /** After a render: apply pending scrolls; true when a viewport's size differs from the one rendered for. */
  afterRender(root: ParentNode): boolean;
}

/** Scroll state of one virtualized scroller, found by a CSS selector. */
export class ScrollPort {
  top = 0;
  height: number;
  pendingTop: number | null = null;

  constructor(private readonly selector: string, initialHeight = 300) {
    this.height = initialHeight;
  }

  /** The top the next render shows (a pending jump wins over the last scroll event). */
  get shownTop(): number {
    return this.pendingTop ?? this.top;
  }

  jump(top: number): void {
    this.pendingTop = top;
  }

  onScroll(el: { scrollTop: number; clientHeight: number }): void {
    this.top = el.scrollTop;
    this.height = el.clientHeight;
  }

  measure(root: ParentNode): void {
    const el = root.querySelector<HTMLElement>(this.selector);
    if (el) {
      this.top = el.scrollTop;
      this.height = el.clientHeight || this.height;
    }
  }

  afterRender(root: ParentNode): boolean {
    const el = root.querySelector<HTMLElement>(this.selector);
    if (!el) return false;
    if (this.pendingTop !== null) {
      el.scrollTop = this.pendingTop;
      this.top = el.scrollTop;
      this.height = el.clientHeight || this.height;
      this.pendingTop = null;
    }
    const h = el.clientHeight;
    return h > 0 && h !== this.height;
  }
}

/** What an editor tab shows before the host has said which trace or comparison it is for. */
export class WaitingController implements ViewController {
  enter(): void {}
  leave(): void {}
  storeChanged(): void {}
  render(): unknown {
    return html`<div class="muted empty">Loading…</div>`;
  }
  measure(): void {}
  afterRender(): boolean {
    return false;
  }
}
