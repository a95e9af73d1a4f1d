// Which view the panel shows, as an explicit state machine: a stack of routes whose bottom is the home route
// (the trace list in the side bar; the trace or comparison an editor tab was opened for). Pure: the app applies
// each transition by leaving one view's controller and entering the next (controllers/view.ts).
//
// Adding a view (e.g. `session`): add its route here, teach `restoreRoute` its fields, add a controller to the
// app's table, and decide in `navigate` whether it stacks on the view it was opened from.
import type { SessionKey } from '../src/core/model/store-types';
import type { CodeSpanFilter, SessionRef, ShowPromptsParams, SpanRef, TracePair } from '../src/protocol/messages';

export type Route =
  | { view: 'list' }
  | { view: 'trace'; traceId: string; spanId: string | null }
  | { view: 'code'; filter: CodeSpanFilter }
  | { view: 'compare'; pair: TracePair }
  /** The Sessions mode of the list: traces grouped by conversation or by user. */
  | { view: 'sessions'; by: SessionKey }
  /** One session read as a transcript. */
  | { view: 'session'; ref: SessionRef }
  /** The prompt-version scorecards, optionally focused on a prompt (a prompt file's CodeLens) or comparing two versions. */
  | { view: 'prompts'; params: ShowPromptsParams }
  /** A model call's Replay tab (an editor tab of its own). */
  | { view: 'replay'; ref: SpanRef };

export type ViewName = Route['view'];
export type RouteOf<V extends ViewName> = Extract<Route, { view: V }>;

export interface NavState {
  /** Never empty: [home, …, current]. */
  readonly stack: readonly Route[];
  /** An editor tab shows one thing: opening another replaces it and there is no "Back". */
  readonly pinned: boolean;
}

export type NavEvent =
  | { type: 'open'; route: Route }
  | { type: 'back' }
  | { type: 'home' }
  /** The current view updated its own route (e.g. the selected span): no view is left or entered. */
  | { type: 'update'; route: Route };

/** How a view is entered: opened anew, or returned to with "Back" (it may keep what it had loaded). */
export type EnterHow = 'open' | 'back';

export interface Transition {
  /** The route left, or null when the view stays (an update). */
  readonly from: Route | null;
  readonly to: Route;
  readonly how: EnterHow;
}

export const LIST_ROUTE: Route = { view: 'list' };

export function initialNav(home: Route, pinned = false): NavState {
  return { stack: [home], pinned };
}

export function currentRoute(s: NavState): Route {
  return s.stack[s.stack.length - 1]!;
}

export function canGoBack(s: NavState): boolean {
  return !s.pinned && s.stack.length > 1;
}

/** Views that "Back" returns to when a trace is opened from them (else the trace replaces what was above home). */
const STACKS_TRACES: ReadonlySet<ViewName> = new Set(['code', 'session', 'prompts']);
/** The deepest stack: list → sessions → session → trace. */
const MAX_STACK = 4;

export function navigate(s: NavState, e: NavEvent): NavState {
  const current = currentRoute(s);
  switch (e.type) {
    case 'open': {
      if (s.pinned) return { ...s, stack: [e.route] };
      const home = s.stack[0]!;
      if (e.route.view === 'list' && home.view === 'list') return { ...s, stack: [home] };
      if (e.route.view === 'trace' && STACKS_TRACES.has(current.view)) return { ...s, stack: [...s.stack, e.route] };
      if (e.route.view === 'session' && current.view === 'sessions') return { ...s, stack: [...s.stack, e.route] };
      return { ...s, stack: [home, e.route] };
    }
    case 'back':
      return canGoBack(s) ? { ...s, stack: s.stack.slice(0, -1) } : s;
    case 'home':
      return s.pinned || s.stack.length === 1 ? s : { ...s, stack: [s.stack[0]!] };
    case 'update':
      return e.route.view === current.view ? { ...s, stack: [...s.stack.slice(0, -1), e.route] } : s;
  }
}

/** What the app does to go from `before` to `after`; null when nothing changed. */
export function transition(before: NavState, after: NavState, event: NavEvent): Transition | null {
  if (before === after) return null;
  const from = currentRoute(before);
  const to = currentRoute(after);
  if (event.type === 'update') return { from: null, to, how: 'open' };
  return { from, to, how: event.type === 'open' ? 'open' : 'back' };
}

// ---- persistence ---------------------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** A route read back from saved webview state (anything malformed is dropped). */
export function restoreRoute(v: unknown): Route | null {
  if (!isObject(v)) return null;
  switch (v.view) {
    case 'list':
      return LIST_ROUTE;
    case 'trace':
      return typeof v.traceId === 'string' && v.traceId
        ? { view: 'trace', traceId: v.traceId, spanId: typeof v.spanId === 'string' ? v.spanId : null } : null;
    case 'code':
      return isObject(v.filter) && typeof v.filter.spanName === 'string' && Array.isArray(v.filter.codeFiles)
        ? { view: 'code', filter: v.filter as unknown as CodeSpanFilter } : null;
    case 'compare':
      return isObject(v.pair) && typeof v.pair.traceIdA === 'string' && typeof v.pair.traceIdB === 'string'
        ? { view: 'compare', pair: { traceIdA: v.pair.traceIdA, traceIdB: v.pair.traceIdB } } : null;
    case 'sessions':
      return { view: 'sessions', by: v.by === 'user' ? 'user' : 'conversation' };
    case 'session':
      return isObject(v.ref) && typeof v.ref.sessionId === 'string' && v.ref.sessionId
        ? { view: 'session', ref: { sessionId: v.ref.sessionId, by: v.ref.by === 'user' ? 'user' : 'conversation' } } : null;
    case 'prompts':
      return { view: 'prompts', params: isObject(v.params) && typeof v.params.promptName === 'string' ? { promptName: v.params.promptName } : {} };
    case 'replay':
      return isObject(v.ref) && typeof v.ref.traceId === 'string' && v.ref.traceId && typeof v.ref.spanId === 'string' && v.ref.spanId
        ? { view: 'replay', ref: { traceId: v.ref.traceId, spanId: v.ref.spanId } } : null;
    default:
      return null;
  }
}

/** The saved stack, validated: it starts at `home` unless pinned (an editor tab restores its own route). */
export function restoreNav(saved: unknown, home: Route, pinned: boolean): NavState {
  const routes = Array.isArray(saved) ? saved.map(restoreRoute).filter((r): r is Route => r !== null) : [];
  if (pinned) return initialNav(routes[routes.length - 1] ?? home, true);
  if (routes.length === 0 || routes[0]!.view !== home.view) return initialNav(home);
  return { stack: routes.slice(0, MAX_STACK), pinned: false };
}
