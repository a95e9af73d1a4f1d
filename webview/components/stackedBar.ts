// A thin horizontal bar split into coloured segments, with a legend; each segment names itself in its tooltip.
// Colours come from CSS (`.seg-<key>`), widths through CSSOM (see styleProps).
import { html, nothing, type TemplateResult } from 'lit';
import type { BarSegment } from '../model/costBar';
import { styleProps } from '../views/styleProps';

export function renderStackedBar(className: string, title: string, segments: readonly BarSegment[], legend = true): TemplateResult {
  if (segments.length === 0) return html``;
  return html`<div class="stacked ${className}">
    <div class="stacked-bar" role="img" aria-label=${`${title}: ${segments.map((s) => `${s.label} ${s.valueText}`).join(', ')}`}>
      ${segments.map((s) => html`<span class="seg seg-${s.key}" data-seg=${s.key} title=${`${s.label}: ${s.valueText}`}
        style=${styleProps({ width: `${s.percent.toFixed(3)}%` })}></span>`)}
    </div>
    ${legend ? html`<div class="stacked-legend muted">${segments.map((s) => html`<span class="legend-item" data-seg=${s.key}>
      <span class="swatch seg-${s.key}"></span>${s.label} ${s.valueText}</span>`)}</div>` : nothing}
  </div>`;
}
