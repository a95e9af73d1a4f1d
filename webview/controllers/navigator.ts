// Applies the navigation state machine (navigation.ts) to the view controllers: on every transition the view
// left is told to leave (drop pending answers, stop timers) and the view shown is entered with its route.
import { canGoBack, currentRoute, navigate, transition, type NavEvent, type NavState, type Route, type RouteOf, type ViewName } from '../navigation';
import type { StoreChange, ViewController } from './view';

export type ControllerTable = { readonly [V in ViewName]: ViewController<RouteOf<V>> };

export class Navigator {
  private started = false;

  constructor(
    private nav: NavState,
    private readonly controllers: ControllerTable,
    /** Called after every change of the state (save it, render). */
    private readonly changed: (nav: NavState) => void,
  ) {}

  get state(): NavState {
    return this.nav;
  }

  get route(): Route {
    return currentRoute(this.nav);
  }

  get canGoBack(): boolean {
    return canGoBack(this.nav);
  }

  get current(): ViewController {
    return this.controllerOf(this.route);
  }

  /** Enter the restored route once the page is connected. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.controllerOf(this.route).enter(this.route, 'open');
  }

  dispatch(event: NavEvent): void {
    const next = navigate(this.nav, event);
    const t = transition(this.nav, next, event);
    if (!t) return;
    this.nav = next;
    if (t.from && this.started) {
      this.controllerOf(t.from).leave();
      this.controllerOf(t.to).enter(t.to, t.how);
    }
    this.changed(next);
  }

  /** The store changed: the current view refreshes what it shows. */
  storeChanged(change: StoreChange): void {
    if (this.started) this.current.storeChanged(change);
  }

  private controllerOf(route: Route): ViewController {
    return this.controllers[route.view] as ViewController;
  }
}
