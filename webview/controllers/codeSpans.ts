// The spans one source line emitted (a CodeLens click): fetched when the view opens, kept while a trace
// opened from it shows, so "Back" returns to the same rows.
import type { SpanStructure } from '../../src/core/model/store-types';
import { ListCodeSpans, type CodeSpanFilter } from '../../src/protocol/messages';
import type { EnterHow } from '../navigation';
import { visibleRange } from '../model/virtual';
import { CODE_SPAN_ROW_HEIGHT, renderCodeSpansView } from '../views/codeSpansView';
import { ScrollPort, type SendRequest, type ViewController } from './view';

export interface CodeSpansHost {
  requestUpdate(): void;
  requestFrame(): void;
  back(): void;
  openTrace(traceId: string, spanId: string | null): void;
}

export interface CodeSpansState {
  filter: CodeSpanFilter;
  spans: SpanStructure[] | null;
  truncated: boolean;
  error: string | null;
}

export class CodeSpansController implements ViewController<{ view: 'code'; filter: CodeSpanFilter }> {
  private current: CodeSpansState | null = null;
  private seq = 0;
  readonly scroll = new ScrollPort('.code-span-list');

  constructor(private readonly host: CodeSpansHost, private readonly send: SendRequest) {}

  get state(): CodeSpansState | null {
    return this.current;
  }

  enter(route: { filter: CodeSpanFilter }, how: EnterHow): void {
    if (how === 'back' && this.current && this.current.error === null && this.current.spans !== null) {
      this.scroll.jump(this.scroll.top);
      return;
    }
    void this.load(route.filter);
  }

  leave(): void {
    this.seq++;
  }

  storeChanged(): void {
    // A code location's list is a snapshot of one click; it refreshes when clicked again.
  }

  private async load(filter: CodeSpanFilter): Promise<void> {
    const seq = ++this.seq;
    this.current = { filter, spans: null, truncated: false, error: null };
    this.scroll.top = 0;
    this.scroll.jump(0);
    this.host.requestUpdate();
    try {
      const result = await this.send(ListCodeSpans, filter);
      if (seq !== this.seq) return;
      this.current = { filter, spans: result.spans, truncated: result.truncated, error: null };
    } catch (e) {
      if (seq !== this.seq) return;
      this.current = { filter, spans: [], truncated: false, error: `Could not load the spans: ${(e as Error).message}` };
    }
    this.host.requestUpdate();
  }

  private onScroll = (e: Event): void => {
    this.scroll.onScroll(e.target as HTMLElement);
    this.host.requestFrame();
  };

  render(): unknown {
    const c = this.current;
    if (!c) return null;
    return renderCodeSpansView({
      filter: c.filter,
      spans: c.spans,
      truncated: c.truncated,
      error: c.error,
      range: visibleRange(this.scroll.shownTop, this.scroll.height, CODE_SPAN_ROW_HEIGHT, c.spans?.length ?? 0),
      onBack: () => this.host.back(),
      onOpen: (s) => this.host.openTrace(s.traceId, s.spanId),
      onScroll: this.onScroll,
    });
  }

  measure(root: ParentNode): void {
    this.scroll.measure(root);
  }

  afterRender(root: ParentNode): boolean {
    return this.scroll.afterRender(root);
  }
}
