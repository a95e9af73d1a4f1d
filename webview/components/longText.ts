// <atl-text>: untrusted text rendered as a text node, truncated with "show more".
import { LitElement, html, nothing } from 'lit';
import { countLabel, truncate } from '../model/format';
import { splitLongRuns } from '../model/wrapRuns';

const STEP = 50_000;

export class LongText extends LitElement {
  private _value = '';
  private _limit = 2000;
  private shown = 2000;

  set value(v: string) {
    this._value = v;
    this.shown = this._limit;
    this.requestUpdate();
  }
  get value(): string {
    return this._value;
  }

  set limit(n: number) {
    this._limit = n;
    this.shown = n;
    this.requestUpdate();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): unknown {
    const t = truncate(this._value, this.shown);
    return html`<span class="long-text">${breakable(t.text)}</span>${t.truncated
      ? html`<button class="link show-more" @click=${this.more}>show more (${countLabel(t.hidden, 'more char')})</button>`
      : nothing}`;
  }

  private more = (): void => {
    this.shown += STEP;
    this.requestUpdate();
  };
}

/** The text with a <wbr> inside each long unbroken run (see wrapRuns.ts); plain text when there is none. */
function breakable(text: string): unknown {
  const pieces = splitLongRuns(text);
  return pieces.length === 1 ? text : pieces.map((piece, i) => (i === 0 ? piece : html`<wbr>${piece}`));
}

if (!customElements.get('atl-text')) customElements.define('atl-text', LongText);
