// Render a fixed-row-height list: only rows in range are in the DOM, positioned inside a full-height spacer.
import { html, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleProps } from './styleProps';
import type { Range } from '../model/virtual';

export function renderVirtualRows<T>(
  items: readonly T[], range: Range, rowHeight: number, key: (item: T) => string,
  row: (item: T, index: number) => TemplateResult,
): TemplateResult {
  const slice: Array<{ item: T; index: number }> = [];
  for (let i = range.start; i < range.end && i < items.length; i++) slice.push({ item: items[i]!, index: i });
  return html`<div class="virtual-spacer" style=${styleProps({ height: `${items.length * rowHeight}px` })}>
    ${repeat(
      slice,
      (e) => key(e.item),
      (e) => html`<div class="virtual-row" style=${styleProps({ transform: `translateY(${e.index * rowHeight}px)`, height: `${rowHeight}px` })}>
        ${row(e.item, e.index)}
      </div>`,
    )}
  </div>`;
}
