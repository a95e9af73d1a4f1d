// <atl-text>: untrusted text rendered as a text node, truncated with "show more".
import { LitElement, html, nothing } from 'lit';
import { truncate } from '../model/format';

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
    return html`<span class="long-text">${t.text}</span>${t.truncated
      ? html`<button class="link show-more" @click=${this.more}>show more (${t.hidden.toLocaleString()} more chars)</button>`
      : nothing}`;
  }

  private more = (): void => {
    this.shown += STEP;
    this.requestUpdate();
  };
}

if (!customElements.get('atl-text')) customElements.define('atl-text', LongText);
