// `<div ${fitColumns(specs)}>`: watches the element's width and writes the columns that do not fit into
// `data-dropped` (space-separated keys) on it or on `target`; the stylesheet hides `.col-<key>` cells there.
// Attributes only (no re-render), so a sash drag or a side bar resize re-fits at once.
import { noChange } from 'lit';
import { AsyncDirective, directive, PartType, type ElementPart, type PartInfo } from 'lit/async-directive.js';
import { droppedColumns, type ColumnSpec } from '../model/columns';

export interface FitOptions {
  /** Gap between columns (px). */
  gap?: number;
  /** Where to write data-dropped (default: the watched element). */
  target?: (el: Element) => Element | null;
  /** A line saying what is hidden, written to data-dropped-note (the stylesheet may show it). */
  note?: (dropped: readonly string[]) => string;
}

class FitColumnsDirective extends AsyncDirective {
  private observer: ResizeObserver | null = null;
  private element: Element | null = null;
  private columns: readonly ColumnSpec[] = [];
  private options: FitOptions = {};

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('fitColumns belongs on an element');
  }

  render(_columns: readonly ColumnSpec[], _options?: FitOptions): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [columns, options]: [readonly ColumnSpec[], FitOptions?]): typeof noChange {
    this.columns = columns;
    this.options = options ?? {};
    if (this.element !== part.element) {
      this.observer?.disconnect();
      this.element = part.element;
      this.observer = new ResizeObserver(() => this.fit());
      this.observer.observe(part.element);
    }
    this.fit();
    return noChange;
  }

  private fit(): void {
    const el = this.element;
    if (!el || !el.isConnected) return;
    const width = el.getBoundingClientRect().width;
    if (width <= 0) return;
    const target = this.options.target?.(el) ?? el;
    const keys = droppedColumns(this.columns, width, this.options.gap ?? 0);
    const dropped = keys.join(' ');
    if (target.getAttribute('data-dropped') !== dropped) target.setAttribute('data-dropped', dropped);
    const note = keys.length && this.options.note ? this.options.note(keys) : '';
    if ((target.getAttribute('data-dropped-note') ?? '') !== note) {
      if (note) target.setAttribute('data-dropped-note', note);
      else target.removeAttribute('data-dropped-note');
    }
  }

  override disconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.element = null;
  }

  override reconnected(): void {
    // The next update() observes again.
  }
}

export const fitColumns = directive(FitColumnsDirective);
