// Inline style values under a CSP without 'unsafe-inline': Lit's styleMap writes the style *attribute* on
// first render (blocked by the CSP, so new rows lost their position); this directive only ever uses
// CSSOM setProperty, which the CSP allows.
import { noChange } from 'lit';
import { Directive, PartType, directive, type AttributePart, type PartInfo } from 'lit/directive.js';

class StylePropsDirective extends Directive {
  private previous = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ATTRIBUTE || info.name !== 'style') throw new Error('styleProps belongs in a style attribute');
  }

  render(_props: Record<string, string>): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [props]: [Record<string, string>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous) if (!(name in props)) style.removeProperty(name);
    for (const [name, value] of Object.entries(props)) {
      if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
    }
    this.previous = new Set(Object.keys(props));
    return noChange;
  }
}

/** `style=${styleProps({ 'padding-left': '4px' })}`: kebab-case property names. */
export const styleProps = directive(StylePropsDirective);
