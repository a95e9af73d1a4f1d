// <atl-app>: the whole panel, in the side bar or in an editor tab. Navigation is the state machine of
// navigation.ts applied by controllers/navigator.ts; each view's state and behaviour live in its controller
// (controllers/*). This element wires them to the host's messages and the DOM, and keeps the UI state saved.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import {
  CancelContentSearch, ContentSearchProgress, ListTraces, OpenInEditor, Ready, SearchContent, ShowCodeSpans,
  ManageWorkspaceTrust, OpenReplay, ReplayProgress, SaveTraceFixture, SearchRemoteTraces, ShowComparison, ShowPrompts, ShowReplay, ShowTrace, Snapshot, ViewAction, type ActionResult, type HostSnapshot,
} from '../src/protocol/messages';
import { CodeSpansController } from './controllers/codeSpans';
import { ComparisonController } from './controllers/comparison';
import { PromptsController } from './controllers/prompts';
import { ReplayController } from './controllers/replay';
import { ContentSearchController } from './controllers/contentSearch';
import { ListController } from './controllers/list';
import { SessionController, SessionListController } from './controllers/session';
import { TraceInsightsController } from './controllers/traceInsights';
import { Navigator } from './controllers/navigator';
import { TraceController } from './controllers/trace';
import { ListDoubleClick } from './model/listDoubleClick';
import { LIST_ROUTE, restoreNav } from './navigation';
import { WaitingController, type SendRequest } from './controllers/view';
import { loadUiState, rpc, saveUiState, surface, type Surface } from './vscodeApi';

const TOAST_MS = 4000;

export class AtlApp extends LitElement {
  private readonly surface: Surface = surface();
  private snapshot: HostSnapshot | null = null;
  private detailsTab: number;
  private splits: Record<string, string>;
  private toast: string | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private lastVersion = -1;
  private lastDecorationVersion = -1;
  private scrollFrame = 0;
  /** A list row's double-click sends the trace to an editor tab instead of the side bar. */
  private readonly listDoubleClick = new ListDoubleClick();
  private readonly send: SendRequest = (type, params) => rpc.sendRequest(type, params);
  private readonly contentSearch = new ContentSearchController(() => this.requestUpdate(), {
    search: (params) => rpc.sendRequest(SearchContent, params),
    cancel: (searchId) => rpc.sendNotification(CancelContentSearch, { searchId }),
  });
  private readonly list: ListController;
  private readonly trace: TraceController;
  private readonly code: CodeSpansController;
  private readonly comparison: ComparisonController;
  private readonly sessionList: SessionListController;
  private readonly session: SessionController;
  private readonly insights: TraceInsightsController;
  private readonly prompts: PromptsController;
  private readonly replay: ReplayController;
  private readonly nav: Navigator;

  constructor() {
    super();
    const saved = loadUiState();
    const pinned = this.surface === 'editor';
    this.detailsTab = saved.detailsTab ?? 0;
    this.splits = typeof saved.splits === 'object' && saved.splits !== null ? { ...saved.splits } : {};
    const render = { requestUpdate: () => this.requestUpdate(), requestFrame: () => this.queueFrame() };
    this.list = new ListController({
      ...render,
      persist: () => this.persist(),
      openTrace: (traceId, spanId) => this.openTraceFromList(traceId, spanId),
      openTraceInEditor: (traceId) => void this.run(rpc.sendRequest(OpenInEditor, { traceId })),
      showPrompts: () => this.nav.dispatch({ type: 'open', route: { view: 'prompts', params: {} } }),
      searchRemote: () => void this.run(rpc.sendRequest(SearchRemoteTraces, {})),
      manageTrust: () => void this.run(rpc.sendRequest(ManageWorkspaceTrust, {})),
      saveFixture: (traceId) => void this.run(rpc.sendRequest(SaveTraceFixture, { traceId })),
      snapshot: () => this.snapshot,
      showSessions: pinned ? undefined : () => this.nav.dispatch({ type: 'open', route: { view: 'sessions', by: 'conversation' } }),
      workloadMoney: (workloadId, traceIds) => this.insights.renderWorkloadMoney(workloadId, traceIds),
    }, (query) => rpc.sendRequest(ListTraces, query), this.contentSearch, saved);
    this.insights = new TraceInsightsController(() => this.requestUpdate(), this.send);
    this.trace = new TraceController({
      ...render,
      selectSpanInRoute: (spanId) => {
        const r = this.nav.route;
        if (r.view === 'trace' && r.spanId !== spanId) this.nav.dispatch({ type: 'update', route: { ...r, spanId } });
      },
      notFound: (message) => {
        this.showToast(message);
        if (!pinned) this.nav.dispatch({ type: 'home' });
      },
      backAction: () => (this.nav.canGoBack ? () => this.nav.dispatch({ type: 'back' }) : null),
      run: (action) => this.run(action),
      openReplay: (ref) => void this.run(rpc.sendRequest(OpenReplay, ref)),
      detailsTab: () => this.detailsTab,
      setDetailsTab: (tab) => {
        this.detailsTab = tab;
        this.persist();
        this.requestUpdate();
      },
      openInEditor: pinned ? null : (traceId) => this.openInEditor(traceId),
      split: (name) => this.splits[name],
      setSplit: (name, value) => {
        const { [name]: _old, ...rest } = this.splits;
        this.splits = value === null ? rest : { ...rest, [name]: value };
        this.persist();
        this.requestUpdate();
      },
    }, this.send, (type, params) => rpc.sendNotification(type, params), pinned ? 'wide' : 'compact', this.insights);
    this.sessionList = new SessionListController({
      requestUpdate: () => this.requestUpdate(),
      showTraces: () => this.nav.dispatch({ type: 'home' }),
      setBy: (by) => this.nav.dispatch({ type: 'update', route: { view: 'sessions', by } }),
      openSession: (ref) => this.nav.dispatch({ type: 'open', route: { view: 'session', ref } }),
    }, this.send);
    this.session = new SessionController({
      requestUpdate: () => this.requestUpdate(),
      backAction: () => (this.nav.canGoBack ? () => this.nav.dispatch({ type: 'back' }) : null),
      openTrace: (traceId) => this.openTraceFromList(traceId, null),
    }, this.send);
    this.code = new CodeSpansController({
      ...render,
      back: () => this.nav.dispatch({ type: 'back' }),
      openTrace: (traceId, spanId) => this.nav.dispatch({ type: 'open', route: { view: 'trace', traceId, spanId } }),
    }, this.send);
    this.prompts = new PromptsController({
      requestUpdate: () => this.requestUpdate(),
      showList: () => this.nav.dispatch({ type: 'home' }),
      showTrace: (traceId) => this.nav.dispatch({ type: 'open', route: { view: 'trace', traceId, spanId: null } }),
    }, this.send);
    this.comparison = new ComparisonController({
      ...render,
      showTrace: (traceId, spanId) => {
        // An editor tab shows one comparison: its "Back" opens trace A in that trace's own tab.
        if (pinned) void this.run(rpc.sendRequest(OpenInEditor, spanId ? { traceId, spanId } : { traceId }));
        else this.nav.dispatch({ type: 'open', route: { view: 'trace', traceId, spanId } });
      },
      showComparison: (pair) => this.nav.dispatch({ type: 'open', route: { view: 'compare', pair } }),
    }, this.send);
    this.replay = new ReplayController({ requestUpdate: () => this.requestUpdate(), run: (action) => this.run(action) },
      this.send, (type, params) => rpc.sendNotification(type, params));
    // An editor tab has no list: until the host says what it shows (or its saved route is restored), it waits.
    this.nav = new Navigator(restoreNav(saved.nav, LIST_ROUTE, pinned), {
      list: pinned ? new WaitingController() : this.list, trace: this.trace, code: this.code, compare: this.comparison,
      sessions: this.sessionList, session: this.session,
      prompts: this.prompts, replay: this.replay,
    }, () => {
      this.persist();
      this.requestUpdate();
    });
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    rpc.onNotification(Snapshot, (s) => this.onSnapshot(s));
    rpc.onNotification(ShowTrace, ({ traceId, spanId }) => {
      // A span of the trace already shown (an editor tab asked again): select it, keep the loaded tree.
      const r = this.nav.route;
      if (spanId && r.view === 'trace' && r.traceId === traceId && this.trace.showSpan(traceId, spanId)) return;
      this.nav.dispatch({ type: 'open', route: { view: 'trace', traceId, spanId: spanId ?? null } });
    });
    rpc.onNotification(ShowCodeSpans, (filter) => this.nav.dispatch({ type: 'open', route: { view: 'code', filter } }));
    rpc.onNotification(ShowComparison, (pair) => this.nav.dispatch({ type: 'open', route: { view: 'compare', pair } }));
    rpc.onNotification(ShowPrompts, (params) => this.nav.dispatch({ type: 'open', route: { view: 'prompts', params } }));
    rpc.onNotification(ShowReplay, (ref) => this.nav.dispatch({ type: 'open', route: { view: 'replay', ref } }));
    rpc.onNotification(ReplayProgress, (e) => this.replay.onProgress(e));
    rpc.onNotification(ContentSearchProgress, (progress) => this.contentSearch.onProgress(progress));
    rpc.onNotification(ViewAction, ({ action }) => {
      if (action === 'expandAll') this.trace.expandAll();
      else if (action === 'collapseAll') this.trace.collapseAll();
      else if (action === 'showList') this.nav.dispatch({ type: 'home' });
    });
    rpc.sendNotification(Ready, {});
    if (this.surface === 'sidebar') this.list.start();
    this.nav.start();
    window.addEventListener('resize', this.onResize);
    this.addEventListener('click', this.onSecondClick, true);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('resize', this.onResize);
    this.removeEventListener('click', this.onSecondClick, true);
    super.disconnectedCallback();
  }

  // ---- host ---------------------------------------------------------------------------------

  private onSnapshot(s: HostSnapshot): void {
    const data = s.storeVersion !== this.lastVersion;
    const decorations = s.decorationVersion !== this.lastDecorationVersion;
    const first = this.snapshot === null;
    this.snapshot = s;
    this.lastVersion = s.storeVersion;
    this.lastDecorationVersion = s.decorationVersion;
    if (data || decorations) {
      // The list stays loaded while other views show ("Back" shows it at once).
      if (this.surface === 'sidebar') this.list.storeChanged({ data, decorations });
      if (!first && this.nav.route.view !== 'list') this.nav.storeChanged({ data, decorations });
    }
    this.requestUpdate();
  }

  /** A list row (or a content-search hit): in the side bar, or in an editor tab when the setting says so. */
  private openTraceFromList(traceId: string, spanId: string | null): void {
    if (this.snapshot?.openTracesIn === 'editor') {
      void this.run(rpc.sendRequest(OpenInEditor, spanId ? { traceId, spanId } : { traceId }));
      return;
    }
    this.listDoubleClick.opened(traceId, Date.now());
    this.nav.dispatch({ type: 'open', route: { view: 'trace', traceId, spanId } });
  }

  private openInEditor(traceId: string): void {
    void this.run(rpc.sendRequest(OpenInEditor, { traceId }));
  }

  /** The second click of a double-click on a list row lands on the trace view that the first click opened. */
  private onSecondClick = (e: MouseEvent): void => {
    const traceId = this.listDoubleClick.click(e.detail, Date.now());
    const r = this.nav.route;
    if (!traceId || r.view !== 'trace' || r.traceId !== traceId) return;
    e.stopPropagation();
    this.nav.dispatch({ type: 'back' });
    this.openInEditor(traceId);
  };

  // ---- DOM ----------------------------------------------------------------------------------

  private onResize = (): void => {
    this.nav.current.measure(this);
    this.requestUpdate();
  };

  private queueFrame(): void {
    if (this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0;
      this.requestUpdate();
    });
  }

  protected override updated(_changed: PropertyValues): void {
    // The first render happens before layout: render again once the real viewport size is known.
    const controller = this.nav.current;
    if (controller.afterRender(this)) {
      controller.measure(this);
      this.queueFrame();
    }
  }

  // ---- state --------------------------------------------------------------------------------

  private persist(): void {
    saveUiState({
      nav: [...this.nav.state.stack],
      filter: this.list.prefs.filter,
      groupByWorkload: this.list.prefs.groupByWorkload,
      detailsTab: this.detailsTab,
      splits: this.splits,
    });
  }

  private showToast(message: string): void {
    this.toast = message;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => {
      this.toast = null;
      this.requestUpdate();
    }, TOAST_MS);
    this.requestUpdate();
  }

  private async run(action: Promise<ActionResult>): Promise<void> {
    try {
      const r = await action;
      if (r.message) this.showToast(r.message);
    } catch (e) {
      this.showToast((e as Error).message);
    }
  }

  protected override render(): unknown {
    return html`${this.nav.current.render()}
      ${this.toast ? html`<div class="toast" role="status">${this.toast}</div>` : nothing}`;
  }
}

if (!customElements.get('atl-app')) customElements.define('atl-app', AtlApp);
