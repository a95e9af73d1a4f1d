// <atl-time-axis>: the waterfall's time axis. Watches its own width and shows the ticks that fit it (model/timeAxis.ts).
import { LitElement, html } from 'lit';
import { axisTicks } from '../model/timeAxis';
import { styleProps } from '../views/styleProps';

let measuringContext: CanvasRenderingContext2D | null | undefined;

export class TimeAxis extends LitElement {
  private _totalMs = 0;
  private widthPx = 0;
  private readonly resizeObserver = new ResizeObserver((entries) => {
    const width = entries[entries.length - 1]?.contentRect.width ?? 0;
    if (Math.abs(width - this.widthPx) >= 1) {
      this.widthPx = width;
      this.requestUpdate();
    }
  });

  set totalMs(ms: number) {
    if (ms === this._totalMs) return;
    this._totalMs = ms;
    this.requestUpdate();
  }
  get totalMs(): number {
    return this._totalMs;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    this.resizeObserver.disconnect();
    super.disconnectedCallback();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): unknown {
    const labelWidth = labelMeasurer(getComputedStyle(this));
    return axisTicks(this.widthPx, this._totalMs, labelWidth).map((t) =>
      html`<span class="tick ${t.align}" style=${styleProps({ left: `${t.fraction * 100}%` })}>${t.label}</span>`);
  }
}

/** Label widths in the axis font; a generous per-character estimate where canvas text metrics are unavailable. */
function labelMeasurer(style: CSSStyleDeclaration): (label: string) => number {
  measuringContext ??= document.createElement('canvas').getContext('2d');
  const fontPx = parseFloat(style.fontSize) || 11;
  const ctx = measuringContext;
  if (!ctx) return (label) => label.length * fontPx * 0.65;
  ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return (label) => ctx.measureText(label).width;
}

if (!customElements.get('atl-time-axis')) customElements.define('atl-time-axis', TimeAxis);
