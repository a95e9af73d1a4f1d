// UI test: the Agent Traces panel in light, dark and high-contrast themes. One workbench: the theme is
// switched at runtime through the workspace's .vscode/settings.json; inside the webview frame we measure
// the WCAG contrast of key text against the background it is drawn on and of the waterfall bars against
// their track, and check that colours follow the theme (nothing hard-coded that stays the same).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { artifactsDir, launchVscode, type VscodeSession } from './harness';
import { sampleTrace, type SampleTrace } from '../vscode/sample-trace';

type ThemeKind = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast' | 'vscode-high-contrast-light';
/** label: the workbench.colorTheme value; name: what the webview's body says in data-vscode-theme-name. */
interface Theme { label: string; name: string; slug: string; kind: ThemeKind }
const THEMES: Theme[] = [
  { label: 'Default Light Modern', name: 'Light Modern', slug: 'light-modern', kind: 'vscode-light' },
  { label: 'Default Dark Modern', name: 'Dark Modern', slug: 'dark-modern', kind: 'vscode-dark' },
  { label: 'Default High Contrast', name: 'Dark High Contrast', slug: 'high-contrast', kind: 'vscode-high-contrast' },
  { label: 'Default High Contrast Light', name: 'Light High Contrast', slug: 'high-contrast-light', kind: 'vscode-high-contrast-light' },
];

/**
 * What is measured. text: WCAG 1.4.3, 4.5:1 (nothing in the panel is large text: it is 13 px, bold
 * at most). graphic (an icon that carries meaning) and bar (a waterfall bar against its track):
 * WCAG 1.4.11, 3:1.
 */
type ProbeKind = 'text' | 'graphic' | 'bar';
interface Probe { name: string; selector: string; kind: ProbeKind }
interface Measurement {
  name: string;
  kind: ProbeKind;
  found: boolean;
  fg: string;
  bg: string;
  ratio: number;
}
const MIN_RATIO: Record<ProbeKind, number> = { text: 4.5, graphic: 3, bar: 3 };

let s: VscodeSession;
let view: FrameLocator;
let trace: SampleTrace;
let clean: { traceId: string; rootSpanId: string; body: object };
/** Per theme slug: every measurement, and the computed colours of the whole trace view. */
const measured = new Map<string, Measurement[]>();
const fingerprints = new Map<string, Record<string, string>>();

before(async () => {
  s = await launchVscode({ viewport: { width: 1400, height: 900 } });
  await s.waitForReceiver();
  trace = sampleTrace({ rootName: 'theme-error-run' }); // its execute_tool span fails
  clean = cleanTrace('theme-clean-run');
  assert.equal((await s.postOtlp(trace.body)).status, 200);
  assert.equal((await s.postOtlp(clean.body)).status, 200);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
  await view.locator(`.trace-row[data-trace-id="${clean.traceId}"]`).waitFor({ state: 'visible', timeout: 20_000 });
  await view.locator(`.trace-row[data-trace-id="${trace.traceId}"]`).waitFor({ state: 'visible', timeout: 20_000 });
  await s.widenSideBar(480); // room for the model and token columns in the tree rows
});

after(async () => {
  if (measured.size) console.log(ratioTable());
  await s?.close();
});

for (const theme of THEMES) {
  test(`${theme.label}: text and waterfall bars have enough contrast`, async () => {
    await setTheme(theme);
    const results: Measurement[] = [];

    // The trace list.
    await showList();
    const cleanRow = `.trace-row[data-trace-id="${clean.traceId}"]`;
    const errorRow = `.trace-row[data-trace-id="${trace.traceId}"]`;
    results.push(...(await measure([
      { name: 'list: trace name', selector: `${cleanRow} .root-name`, kind: 'text' },
      { name: 'list: duration', selector: `${cleanRow} .line1 .duration`, kind: 'text' },
      { name: 'list: meta (muted)', selector: `${cleanRow} .line2 .service`, kind: 'text' },
      { name: 'list: error trace name', selector: `${errorRow} .root-name`, kind: 'text' },
      { name: 'list: error icon', selector: `${errorRow} .codicon-error`, kind: 'graphic' },
      { name: 'list: receiver stats (muted)', selector: '.status .stats', kind: 'text' },
      { name: 'list: error count', selector: '.status .stats .error-text', kind: 'text' },
    ])));
    await s.screenshot(`theme-${theme.slug}-list`);

    // The trace, with the failed span selected (the span tree has the focus after the click).
    await view.locator(errorRow).click();
    await view.locator('.span-tree .tree-row').first().waitFor({ state: 'visible', timeout: 10_000 });
    await selectSpan(trace.toolSpanId);
    const row = (id: string) => `.tree-row[data-span-id="${id}"]`;
    results.push(...(await measure([
      { name: 'tree: selected error span name', selector: `${row(trace.toolSpanId)}.selected .name`, kind: 'text' },
      { name: 'tree: selected error icon', selector: `${row(trace.toolSpanId)}.selected .codicon-error`, kind: 'graphic' },
      { name: 'tree: selected duration', selector: `${row(trace.toolSpanId)}.selected .duration`, kind: 'text' },
      { name: 'bar: error span (selected)', selector: `${row(trace.toolSpanId)} .bar`, kind: 'bar' },
      { name: 'details: error box text', selector: '.error-box strong', kind: 'text' },
    ])));

    // Another span selected: the failed one is drawn on the plain background.
    await selectSpan(trace.llmSpanId);
    results.push(...(await measure([
      { name: 'trace: title', selector: '.trace-title', kind: 'text' },
      { name: 'trace: meta (muted)', selector: '.trace-meta > span:first-child', kind: 'text' },
      { name: 'trace: error count', selector: '.trace-meta .error-text', kind: 'text' },
      { name: 'axis: tick (muted)', selector: '.time-axis .tick', kind: 'text' },
      { name: 'tree: span name', selector: `${row(trace.rootSpanId)} .name`, kind: 'text' },
      { name: 'tree: duration', selector: `${row(trace.rootSpanId)} .duration`, kind: 'text' },
      { name: 'tree: error span name', selector: `${row(trace.toolSpanId)} .name`, kind: 'text' },
      { name: 'tree: error icon', selector: `${row(trace.toolSpanId)} .codicon-error`, kind: 'graphic' },
      { name: 'tree: selected span name', selector: `${row(trace.llmSpanId)}.selected .name`, kind: 'text' },
      { name: 'tree: selected model (muted)', selector: `${row(trace.llmSpanId)}.selected .model`, kind: 'text' },
      { name: 'tree: selected tokens (muted)', selector: `${row(trace.llmSpanId)}.selected .tokens`, kind: 'text' },
      { name: 'bar: agent span', selector: `${row(trace.rootSpanId)} .bar`, kind: 'bar' },
      { name: 'bar: llm span (selected)', selector: `${row(trace.llmSpanId)} .bar`, kind: 'bar' },
      { name: 'bar: error span', selector: `${row(trace.toolSpanId)} .bar`, kind: 'bar' },
      { name: 'details: span name', selector: '.details-title .span-name', kind: 'text' },
      { name: 'details: label', selector: 'table.overview th', kind: 'text' },
      { name: 'details: value', selector: 'table.overview td', kind: 'text' },
      { name: 'details: tab count badge', selector: 'vscode-tab-header vscode-badge.count', kind: 'text' },
    ])));
    assert.equal(await view.locator('.span-tree').evaluate((el) => el.matches(':focus')), true, 'the span tree kept the focus: the selection above is the active one');
    await s.screenshot(`theme-${theme.slug}`);
    await installFrameHelpers();
    fingerprints.set(theme.slug, await view.locator('body').evaluate(colorFingerprint));

    // Focus elsewhere: the selection is drawn with the inactive selection colours.
    await view.locator('.span-tree').evaluate((el) => (el as HTMLElement).blur());
    assert.equal(await view.locator('.span-tree').evaluate((el) => el.matches(':focus')), false, 'the span tree lost the focus');
    results.push(...(await measure([
      { name: 'tree: inactive selected span name', selector: `${row(trace.llmSpanId)}.selected .name`, kind: 'text' },
      { name: 'tree: inactive selected model (muted)', selector: `${row(trace.llmSpanId)}.selected .model`, kind: 'text' },
      { name: 'bar: llm span (inactive selected)', selector: `${row(trace.llmSpanId)} .bar`, kind: 'bar' },
    ])));
    measured.set(theme.slug, results);

    const missing = results.filter((m) => !m.found).map((m) => m.name);
    assert.deepEqual(missing, [], 'every probed element is on screen');
    const poor = results
      .filter((m) => m.ratio < MIN_RATIO[m.kind])
      .map((m) => `${m.name}: ${m.ratio.toFixed(2)}:1 (${m.fg} on ${m.bg}, ${m.kind} needs ${MIN_RATIO[m.kind]}:1)`);
    assert.deepEqual(poor, [], `${theme.label}: contrast too low`);
  });
}

test('colours follow the theme: nothing keeps the same colour in every theme', () => {
  assert.deepEqual([...fingerprints.keys()], THEMES.map((t) => t.slug), 'every theme was measured');
  // The critical-path mark arrives after the first paint (computed in slices), so a bar may or may not carry
  // it when measured: keys are compared without it.
  const withoutCriticalMark = (print: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(print).map(([k, v]) => [k.replace(/\.critical(?=[.\s[/]|$)/g, ''), v]));
  const prints = THEMES.map((t) => withoutCriticalMark(fingerprints.get(t.slug)!));
  writeFileSync(join(artifactsDir, 'theme-colors.json'), JSON.stringify(Object.fromEntries(fingerprints), null, 1));
  const [light, dark] = prints as [Record<string, string>, Record<string, string>];

  // Key colours derive from theme variables, so light and dark differ.
  const key = (suffix: string): string => {
    const found = Object.keys(light).find((k) => k.endsWith(suffix));
    assert.ok(found, `the light fingerprint has "${suffix}"`);
    return found;
  };
  const keyed = [
    key('/body background'),
    key('/body color'),
    key('/span.trace-title color'),
    key('/div.muted.trace-meta/span color'),
    key('/span.error-text color'),
    key(`[${trace.llmSpanId}] background`),
    key(`[${trace.rootSpanId}]/div.label/span.name color`),
    key(`[${trace.toolSpanId}]/div.label/span.name color`),
    key(`[${trace.rootSpanId}]/div.bar-track/div.bar.kind-agent background`),
    key(`[${trace.llmSpanId}]/div.bar-track/div.bar.kind-llm background`),
    key(`[${trace.toolSpanId}]/div.bar-track/div.bar.error.kind-tool background`),
    key('/th color'),
    key('/vscode-badge.count#shadow/div.root background'),
    key('/vscode-badge.count color'),
  ];
  const sameInLightAndDark = keyed.filter((k) => light[k] === dark[k]).map((k) => `${k}: ${light[k]}`);

  // Across the whole trace view (shadow roots included), a colour that is the same in all four themes
  // is hard-coded: the four default themes share no foreground, background or border colour.
  const sameInEveryTheme = Object.keys(light)
    .filter((k) => prints.every((p) => k in p) && prints.every((p) => p[k] === light[k]))
    .map((k) => `${k}: ${light[k]}`);
  assert.deepEqual({ sameInLightAndDark, sameInEveryTheme }, { sameInLightAndDark: [], sameInEveryTheme: [] }, 'colours that do not follow the theme');
  const compared = Object.keys(light).filter((k) => prints.every((p) => k in p)).length;
  assert.ok(compared > 50, `the fingerprints cover the trace view (${compared} colours compared)`);
});

// ---------------------------------------------------------------------------------------------------

/** A trace without errors: root → child, both ok. */
function cleanTrace(rootName: string): { traceId: string; rootSpanId: string; body: object } {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  const traceId = hex(16);
  const rootSpanId = hex(8);
  const t0 = BigInt(Date.now() - 60_000) * 1_000_000n;
  const at = (ms: number) => (t0 + BigInt(ms) * 1_000_000n).toString();
  const spans = [
    { traceId, spanId: rootSpanId, name: rootName, kind: 1, startTimeUnixNano: at(0), endTimeUnixNano: at(90), attributes: [], status: { code: 1 } },
    { traceId, spanId: hex(8), parentSpanId: rootSpanId, name: 'step', kind: 1, startTimeUnixNano: at(10), endTimeUnixNano: at(60), attributes: [], status: { code: 0 } },
  ];
  const body = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'theme-service' } }] },
      scopeSpans: [{ scope: { name: 'ui-test' }, spans }],
    }],
  };
  return { traceId, rootSpanId, body };
}

/** Writes the theme into the workspace settings and waits until the webview has taken it. */
async function setTheme(theme: Theme): Promise<void> {
  const dir = join(s.workspace, '.vscode');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ 'workbench.colorTheme': theme.label }, null, 2));
  const body = view.locator('body');
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    const state = await body.evaluate((el) => ({ classes: [...el.classList], name: el.getAttribute('data-vscode-theme-name') ?? '' }));
    last = JSON.stringify(state);
    const hc = state.classes.includes('vscode-high-contrast');
    const hcLight = state.classes.includes('vscode-high-contrast-light');
    const kindOk = theme.kind === 'vscode-high-contrast' ? hc && !hcLight : state.classes.includes(theme.kind);
    if (kindOk && state.name === theme.name) {
      await body.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the webview did not switch to "${theme.label}" within 30 s (body: ${last})`);
}

async function showList(): Promise<void> {
  const back = view.locator('vscode-toolbar-button.back');
  if (await back.count()) await back.click();
  await view.locator(`.trace-row[data-trace-id="${clean.traceId}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  await view.locator(`.trace-row[data-trace-id="${trace.traceId}"]`).waitFor({ state: 'visible', timeout: 10_000 });
}

async function selectSpan(spanId: string): Promise<void> {
  await view.locator(`.tree-row[data-span-id="${spanId}"]`).click();
  await view.locator(`.details[data-span-id="${spanId}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  await view.locator(`.tree-row.selected[data-span-id="${spanId}"]`).waitFor({ state: 'visible', timeout: 5_000 });
}

async function measure(probes: Probe[]): Promise<Measurement[]> {
  await s.page.mouse.move(1000, 450); // over the editor area: no hover background in the panel
  await installFrameHelpers();
  return view.locator('body').evaluate(measureInFrame, probes);
}

/**
 * Puts colorTools() into the webview frame as globalThis.__atlColorTools (evaluate() sends one function's
 * source, not what it calls). tsx compiles with esbuild's keepNames, which wraps named inner functions in
 * `__name(fn, "name")`: the frame gets a stand-in for that helper too.
 */
async function installFrameHelpers(): Promise<void> {
  await view.locator('body').evaluate(`void (globalThis.__name ??= (fn) => fn, globalThis.__atlColorTools = (${colorTools.toString()})())`);
}


// ---- runs inside the webview frame (self-contained) ------------------------------------------------

type RGBA = [number, number, number, number];

function colorTools() {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  function parse(css: string): RGBA {
    const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(css.trim());
    if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4]) / (m[5] ? 100 : 1)];
    // Any other syntax (color(srgb …), oklch(…), color-mix results): let a canvas resolve it.
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0]!, d[1]!, d[2]!, d[3]! / 255];
  }
  /** `top` painted over an opaque `bottom`. */
  function over(top: RGBA, bottom: RGBA): RGBA {
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  }
  /** The parent in the flat tree: a slotted element is drawn inside its slot, a shadow root inside its host. */
  function up(el: Element): Element | null {
    if (el.assignedSlot) return el.assignedSlot;
    if (el.parentElement) return el.parentElement;
    const root = el.getRootNode();
    return root instanceof ShadowRoot ? root.host : null;
  }
  /** What is painted behind (and including) `start`: its background layers composited up to the first opaque one. */
  function backdrop(start: Element | null): RGBA {
    const layers: RGBA[] = [];
    for (let el = start; el; el = up(el)) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let base: RGBA;
    if (layers.length && layers[layers.length - 1]![3] >= 1) base = layers.pop()!;
    else {
      const root = getComputedStyle(document.documentElement);
      const themed = root.getPropertyValue('--vscode-sideBar-background').trim() || root.getPropertyValue('--vscode-editor-background').trim();
      base = themed ? parse(themed) : [255, 255, 255, 1];
      if (base[3] < 1) base = over(base, [255, 255, 255, 1]);
    }
    for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i]!, base);
    return base;
  }
  /** The element that draws `el`'s first piece of text: the text node's slot or parent (or `el`). */
  function textParent(el: Element): Element {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if ((n.textContent ?? '').trim() === '') continue;
      return (n as Text).assignedSlot ?? n.parentElement ?? el;
    }
    return el;
  }
  function opacity(el: Element): number {
    let o = 1;
    for (let e: Element | null = el; e; e = up(e)) o *= Number(getComputedStyle(e).opacity);
    return o;
  }
  function luminance(c: RGBA): number {
    const ch = (v: number) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
  }
  function ratio(a: RGBA, b: RGBA): number {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (l1 + 0.05) / (l2 + 0.05);
  }
  function hex(c: RGBA): string {
    return '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  }
  return { parse, over, up, backdrop, textParent, opacity, ratio, hex };
}

function measureInFrame(_body: Element, probes: Probe[]): Measurement[] {
  const t = (globalThis as unknown as { __atlColorTools: ReturnType<typeof colorTools> }).__atlColorTools;
  return probes.map((p) => {
    const el = document.querySelector(p.selector);
    const box = el?.getBoundingClientRect();
    if (!el || !box || box.width === 0 || box.height === 0) {
      return { name: p.name, kind: p.kind, found: false, fg: '', bg: '', ratio: 0 };
    }
    // A bar is a filled box on its track. Text is drawn where its text node is: a node slotted into a
    // component's shadow root (vscode-badge) takes colour and backdrop from the slot; an icon from itself.
    const drawn = p.kind === 'text' ? t.textParent(el) : el;
    const cs = getComputedStyle(drawn);
    const bg = p.kind === 'bar' ? t.backdrop(t.up(el)) : t.backdrop(drawn);
    const paint = t.parse(p.kind === 'bar' ? cs.backgroundColor : cs.color);
    paint[3] *= t.opacity(drawn);
    const fg = t.over(paint, bg);
    return { name: p.name, kind: p.kind, found: true, fg: t.hex(fg), bg: t.hex(bg), ratio: t.ratio(fg, bg) };
  });
}

/**
 * Computed colours of every visible element of the panel, shadow roots included, keyed by a path that
 * is the same in every theme: text colour (elements with their own text, and icons), background, the
 * colour of each drawn border side and of a drawn outline.
 */
function colorFingerprint(body: Element): Record<string, string> {
  const t = (globalThis as unknown as { __atlColorTools: ReturnType<typeof colorTools> }).__atlColorTools;
  const out: Record<string, string> = {};
  function visit(node: Element | ShadowRoot, path: string): void {
    const seen = new Map<string, number>();
    for (const el of Array.from(node.children)) {
      const tag = el.tagName.toLowerCase();
      if (tag === 'style' || tag === 'script' || tag === 'link') continue;
      const id = el.getAttribute('data-span-id') ?? el.getAttribute('data-trace-id') ?? el.getAttribute('data-tab');
      const classes = [...el.classList].sort();
      let name = tag + (classes.length ? '.' + classes.join('.') : '') + (id ? `[${id}]` : '');
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      if (n > 1) name += `:${n}`;
      const key = `${path}/${name}`;
      const cs = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && cs.visibility !== 'hidden') {
        const text = Array.from(el.childNodes).find((c) => c.nodeType === Node.TEXT_NODE && (c.textContent ?? '').trim() !== '') as Text | undefined;
        if (text) out[`${key} color`] = getComputedStyle(text.assignedSlot ?? el).color; // drawn in its slot's colour when slotted
        else if (el.classList.contains('codicon')) out[`${key} color`] = cs.color;
        if (t.parse(cs.backgroundColor)[3] > 0) out[`${key} background`] = cs.backgroundColor;
        for (const side of ['top', 'right', 'bottom', 'left']) {
          const style = cs.getPropertyValue(`border-${side}-style`);
          const color = cs.getPropertyValue(`border-${side}-color`);
          if (parseFloat(cs.getPropertyValue(`border-${side}-width`)) > 0 && style !== 'none' && style !== 'hidden' && t.parse(color)[3] > 0) {
            out[`${key} border-${side}`] = color;
          }
        }
        if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && t.parse(cs.outlineColor)[3] > 0) out[`${key} outline`] = cs.outlineColor;
      }
      if (el.shadowRoot) visit(el.shadowRoot, `${key}#shadow`);
      visit(el, key);
    }
  }
  out['/body background'] = getComputedStyle(body).backgroundColor;
  out['/body color'] = getComputedStyle(body).color;
  visit(body, '');
  return out;
}

function ratioTable(): string {
  const names = [...new Set([...measured.values()].flatMap((ms) => ms.map((m) => m.name)))];
  const themes = THEMES.filter((t) => measured.has(t.slug));
  const lines = [`| measured | ${themes.map((t) => t.label).join(' | ')} |`, `|---|${themes.map(() => '---:').join('|')}|`];
  for (const name of names) {
    const cells = themes.map((t) => {
      const m = measured.get(t.slug)!.find((x) => x.name === name);
      if (!m) return '';
      if (!m.found) return 'missing';
      const flag = m.ratio < MIN_RATIO[m.kind] ? ' ✗' : '';
      return `${m.ratio.toFixed(2)}${flag}`;
    });
    const kind = measured.get(themes[0]!.slug)!.find((x) => x.name === name)?.kind ?? 'text';
    lines.push(`| ${name} (${kind} ≥ ${MIN_RATIO[kind]}) | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
