// Extension-host suite for span links through the running extension: spans go to its receiver, and the
// agentTraceLens.* commands, CodeLens, hover and gutter it registered answer. Span → source (new/old
// attributes, /app paths, Windows paths, mappings, literal search), code → spans in the panel, span → prompt
// version from git.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
import type { PromptOpenResult, SourceOpenResult } from '../../src/ext/links';
import { SHOW_SPANS_AT_CODE } from '../../src/ext/links/code-lens';
import type { CodeSpanFilter, SpanRef } from '../../src/protocol/messages';
import { postTrace } from './sample-trace';
import { EXTENSION_ID, activateExtension, until } from './helpers';

const FOLDER = 'links-ws';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd, encoding: 'utf8',
  });
}

type Attr = string | number | boolean;
const otlpValue = (v: Attr) =>
  typeof v === 'string' ? { stringValue: v }
    : typeof v === 'boolean' ? { boolValue: v }
    : Number.isInteger(v) ? { intValue: v } : { doubleValue: v };

const TRACE_ID = randomBytes(16).toString('hex');
const BASE_NS = BigInt(Date.now()) * 1_000_000n;
let spanCounter = 0;

interface TestSpan {
  ref: SpanRef;
  otlp: object;
}

function otlpSpan(name: string, attributes: Record<string, Attr>, options: { durationMs?: number; error?: boolean } = {}): TestSpan {
  spanCounter++;
  const spanId = randomBytes(8).toString('hex');
  const start = BASE_NS + BigInt(spanCounter) * 1_000_000_000n;
  return {
    ref: { traceId: TRACE_ID, spanId },
    otlp: {
      traceId: TRACE_ID, spanId, name, kind: 1,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + BigInt(Math.round((options.durationMs ?? 10) * 1_000_000))).toString(),
      attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: otlpValue(value) })),
      status: options.error ? { code: 2, message: 'failed' } : { code: 0 },
    },
  };
}

function requestBody(spans: TestSpan[]): object {
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'links-test' } }] },
      scopeSpans: [{ scope: { name: 'links-test', version: '1' }, spans: spans.map((s) => s.otlp) }],
    }],
  };
}

describe('Span links', function () {
  let api: AgentTraceLensApi;
  let httpPort: number;
  let root: string;
  let ws: string;
  const spans = new Map<string, SpanRef>();
  const config = () => vscode.workspace.getConfiguration('agentTraceLens');

  /** Post the spans to the extension's receiver and wait until the store holds all of them. */
  async function ingest(entries: Array<[string, TestSpan]>): Promise<void> {
    assert.equal(await postTrace(httpPort, requestBody(entries.map(([, s]) => s))), 200);
    for (const [key, s] of entries) spans.set(key, s.ref);
    await until('spans stored', async () => (await api.listTraces()).find((t) => t.traceId === TRACE_ID)?.spanCount === spans.size);
  }
  const ref = (key: string): SpanRef => spans.get(key)!;
  const openSource = (key: string) => vscode.commands.executeCommand<SourceOpenResult>('agentTraceLens.openSpanSource', ref(key));
  const openPrompt = (key: string) => vscode.commands.executeCommand<PromptOpenResult>('agentTraceLens.openPrompt', ref(key));
  const fileUri = (rel: string) => vscode.Uri.file(join(ws, rel));
  const lineOf = (rel: string, needle: string): number => {
    const line = readFileSync(join(ws, rel), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.ok(line > 0, `${needle} in ${rel}`);
    return line;
  };
  const activeAt = () => {
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is open');
    return { path: editor.document.uri.fsPath, line: editor.selection.active.line + 1, column: editor.selection.active.character + 1 };
  };
  const ourLenses = async (uri: vscode.Uri) =>
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10))
      .filter((l) => l.command?.command === SHOW_SPANS_AT_CODE);
  async function setMappings(mappings: Array<{ from: string; to: string }>): Promise<void> {
    await config().update('links.pathMappings', mappings.length ? mappings : undefined, vscode.ConfigurationTarget.Global);
    await until('mapping setting visible', () => JSON.stringify(config().get('links.pathMappings')) === JSON.stringify(mappings));
    api.links.handle.refresh();
  }

  before(async function () {
    ({ api, httpPort } = await activateExtension());
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace is open');
    root = folder.uri.fsPath;
    ws = join(root, FOLDER);
    rmSync(ws, { recursive: true, force: true });
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    cpSync(join(extensionPath, 'test', 'fixtures', 'workspace-links'), ws, { recursive: true });
    // A repository where the prompt was committed at v1, then changed to v2.
    git(ws, 'init', '-q');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'summarize v1');
    const v1 = readFileSync(join(ws, 'prompts/summarize.md'), 'utf8');
    writeFileSync(join(ws, 'prompts/summarize.md'), v1.replace('version: 1', 'version: 2').replace('two sentences', 'one sentence'));
    git(ws, 'commit', '-q', '-am', 'summarize v2');
    await until('fixture files visible to findFiles', async () => (await vscode.workspace.findFiles(`${FOLDER}/**/h.ts`)).length === 2);

    const routeLine = lineOf('services/triage/router.ts', "'triage.route'");
    const entries: Array<[string, TestSpan]> = [];
    for (let i = 0; i < 3; i++) {
      entries.push([`route${i}`, otlpSpan('triage.route', {
        'code.file.path': '/app/services/triage/router.ts', 'code.line.number': routeLine,
        'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 20,
      }, { durationMs: 100 * (i + 1), error: i === 2 })]);
    }
    entries.push(['new', otlpSpan('llm.generate', {
      'code.file.path': '/home/someone/other-checkout/src/support/pipeline.ts',
      'code.line.number': lineOf('src/support/pipeline.ts', "'llm.generate'"),
      'code.column.number': 16,
    })]);
    entries.push(['old', otlpSpan('legacy.classify', {
      'code.filepath': 'C:\\build\\agent\\src\\support\\legacy.py',
      'code.lineno': lineOf('src/support/legacy.py', '"legacy.classify"'),
      'code.function': 'classify',
    })]);
    entries.push(['stack', otlpSpan('stack.only', {
      'code.stacktrace': [
        'Error: where',
        '    at Object.<anonymous> (/app/node_modules/@opentelemetry/sdk-trace-base/build/src/Tracer.js:120:20)',
        `    at route (/app/services/triage/router.ts:${routeLine}:19)`,
        '    at node:internal/process/task_queues:95:5',
      ].join('\n'),
    })]);
    entries.push(['mapped', otlpSpan('mapped.where', { 'code.file.path': '/srv/agent/h.ts', 'code.line.number': 2 })]);
    entries.push(['literal', otlpSpan('links.unique-literal', {})]);
    entries.push(['twice', otlpSpan('links.twice', {})]);
    entries.push(['prompt-old', otlpSpan('llm.summarize', {
      'gen_ai.prompt.name': 'summarize', 'gen_ai.prompt.version': '1',
      'llm.prompt_template.template': "Summarize the customer's message in two sentences.\nKeep the order number.",
    })]);
    entries.push(['prompt-new', otlpSpan('llm.summarize', { 'gen_ai.prompt.name': 'summarize', 'gen_ai.prompt.version': 'v2' })]);
    await ingest(entries);
  });

  after(async () => {
    api?.links.setLiteralPicker(null);
    await config().update('links.pathMappings', undefined, vscode.ConfigurationTarget.Global);
    await config().update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the link commands, the keybinding and the settings', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['openSpanSource', 'openPrompt', 'diffPromptVersions', 'showSpansAtCode', 'forgetSourceChoices']) {
      assert.ok(all.has(`agentTraceLens.${id}`), id);
    }
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { keybindings: { command: string }[]; configuration: { properties: Record<string, unknown> } };
    };
    assert.ok(pkg.contributes.keybindings.some((k) => k.command === 'agentTraceLens.openSpanSource'));
    for (const key of ['links.pathMappings', 'codeLens.enabled', 'hover.enabled', 'gutter.enabled', 'prompts.globs']) {
      assert.ok(pkg.contributes.configuration.properties[`agentTraceLens.${key}`], key);
    }
  });

  it('opens a span with current code.* attributes recorded in another checkout at its line and column', async () => {
    const result = await openSource('new');
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(activeAt(), {
      path: fileUri('src/support/pipeline.ts').fsPath, line: lineOf('src/support/pipeline.ts', "'llm.generate'"), column: 16,
    });
  });

  it('opens a span with old-style attributes and a Windows path', async () => {
    const result = await openSource('old');
    assert.equal(result.ok, true, result.message);
    const at = activeAt();
    assert.equal(at.path, fileUri('src/support/legacy.py').fsPath);
    assert.equal(at.line, lineOf('src/support/legacy.py', '"legacy.classify"'));
  });

  it('opens a span recorded under /app/... in the matching workspace file', async () => {
    const result = await openSource('route0');
    assert.equal(result.ok, true, result.message);
    const at = activeAt();
    assert.equal(at.path, fileUri('services/triage/router.ts').fsPath);
    assert.equal(at.line, lineOf('services/triage/router.ts', "'triage.route'"));
  });

  it('opens the first workspace frame of code.stacktrace when there is no code.* location', async () => {
    const result = await openSource('stack');
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(activeAt(), {
      path: fileUri('services/triage/router.ts').fsPath, line: lineOf('services/triage/router.ts', "'triage.route'"), column: 19,
    });
  });

  it('follows the links.pathMappings setting over an equally good suffix match', async () => {
    await setMappings([]);
    const unmapped = await openSource('mapped');
    assert.equal(unmapped.ok, true, unmapped.message);
    assert.equal(activeAt().path, fileUri('alpha/h.ts').fsPath, 'without a mapping the suffix tie goes to the first path');
    try {
      await setMappings([{ from: '/srv/agent', to: `${FOLDER}/zeta` }]);
      const mapped = await openSource('mapped');
      assert.equal(mapped.ok, true, mapped.message);
      assert.deepEqual(activeAt(), { path: fileUri('zeta/h.ts').fsPath, line: 2, column: 1 });
    } finally {
      await setMappings([]);
    }
  });

  it('finds a span without a code location by its name literal', async () => {
    const result = await openSource('literal');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.how, 'literal');
    const at = activeAt();
    assert.equal(at.path, fileUri('src/support/literal.ts').fsPath);
    assert.equal(at.line, lineOf('src/support/literal.ts', "'links.unique-literal'"));
  });

  it('asks when several literals match and remembers the choice for the span name', async () => {
    let offered: string[] = [];
    api.links.setLiteralPicker(async (items) => {
      offered = items.map((i) => i.uri.fsPath);
      return items.find((i) => i.uri.fsPath === fileUri('src/support/other.ts').fsPath);
    });
    const first = await openSource('twice');
    assert.equal(first.ok, true, first.message);
    assert.deepEqual(offered.sort(), [fileUri('src/support/literal.ts').fsPath, fileUri('src/support/other.ts').fsPath].sort());
    assert.equal(activeAt().path, fileUri('src/support/other.ts').fsPath);

    api.links.setLiteralPicker(async () => { throw new Error('the remembered choice must be used'); });
    const second = await openSource('twice');
    assert.equal(second.how, 'remembered');
    assert.equal(activeAt().path, fileUri('src/support/other.ts').fsPath);
    assert.equal(activeAt().line, lineOf('src/support/other.ts', "'links.twice'"));
  });

  it('shows a CodeLens with the store counts over the emitting line, a hover and a gutter mark', async () => {
    const uri = fileUri('services/triage/router.ts');
    const line = lineOf('services/triage/router.ts', "'triage.route'");
    await vscode.window.showTextDocument(uri);
    const lenses = await until('code lenses', async () => {
      const ours = await ourLenses(uri);
      return ours.length > 0 ? ours : null;
    });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0]!.command!.title, 'triage.route · 3 runs · p95 300 ms · 1 error · 360 tokens');
    assert.equal(lenses[0]!.range.start.line + 1, line);

    await api.links.handle.gutter.refresh();
    assert.deepEqual(api.links.handle.gutter.markedLines(uri), [line]);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line - 1, 4));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /Latest: \*\*triage\\\.route\*\*/, hoverText);
    assert.match(hoverText, /error/);

    assert.equal((await ourLenses(fileUri('src/support/other.ts'))).length, 0, 'no lens where no span points');
  });

  it('a CodeLens click lists the spans of that line in the panel, newest first', async () => {
    const uri = fileUri('services/triage/router.ts');
    const [lens] = await ourLenses(uri);
    assert.ok(lens?.command);
    const filter = lens.command.arguments?.[0] as CodeSpanFilter;
    assert.deepEqual(filter.codeFiles, ['/app/services/triage/router.ts']);
    assert.deepEqual(filter.latest, ref('route2'));
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    assert.deepEqual(api.links.codeSpanFilter(), filter);
    await until('panel ready', () => api.panelReady(), 30_000);
    const listed = await api.links.codeSpans(filter);
    assert.deepEqual(listed.spans.map((s) => s.spanId), [ref('route2'), ref('route1'), ref('route0')].map((r) => r.spanId));
    assert.equal(listed.truncated, false);
    assert.deepEqual(listed.spans.map((s) => s.status === 'error'), [true, false, false], 'the latest run failed');
  });

  it('adds no CodeLens when codeLens.enabled is false', async () => {
    const uri = fileUri('services/triage/router.ts');
    await config().update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await until('lens gone', async () => (await ourLenses(uri)).length === 0);
    } finally {
      await config().update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('lens back', async () => (await ourLenses(uri)).length === 1);
  });

  it('opens the prompt file of the current version', async () => {
    const result = await openPrompt('prompt-new');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.opened?.fsPath, fileUri('prompts/summarize.md').fsPath);
    assert.equal(result.resolution?.gap, null);
    assert.equal(result.diffAvailable, false);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, fileUri('prompts/summarize.md').fsPath);
  });

  it('opens an older prompt version from git history, says so and diffs it with the current file', async () => {
    const result = await openPrompt('prompt-old');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.resolution?.gap, 'trace ran v1, workspace has v2');
    assert.equal(result.opened?.scheme, 'agent-trace-lens-prompt');
    assert.equal(result.resolution?.template, 'same', 'the recorded template is the v1 text');
    const shown = vscode.window.activeTextEditor?.document;
    assert.equal(shown?.uri.scheme, 'agent-trace-lens-prompt');
    assert.match(shown!.getText(), /version: 1/);
    assert.match(shown!.getText(), /two sentences/);
    assert.equal(result.diffAvailable, true);
    assert.match(result.message ?? '', /trace ran v1, workspace has v2/);

    const diff = await vscode.commands.executeCommand<PromptOpenResult>('agentTraceLens.diffPromptVersions', ref('prompt-old'));
    assert.equal(diff.ok, true, diff.message);
    const tab = await until('diff tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : null;
    });
    assert.equal(tab.original.scheme, 'agent-trace-lens-prompt');
    assert.equal(tab.modified.fsPath, fileUri('prompts/summarize.md').fsPath);
  });

  it('says when the recorded template changed since', async () => {
    await ingest([['prompt-edited', otlpSpan('llm.summarize', {
      'gen_ai.prompt.name': 'summarize', 'gen_ai.prompt.version': '2', 'llm.prompt_template.template': 'Something else entirely.',
    })]]);
    const result = await openPrompt('prompt-edited');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.resolution?.template, 'changed');
    assert.match(result.message ?? '', /changed since/);
  });

  it('without a recorded template, compares the system instructions the span sent with the file', async () => {
    const instructions = (text: string) => JSON.stringify([{ type: 'text', content: text }]);
    await ingest([
      ['prompt-sent', otlpSpan('chat summarize', {
        'gen_ai.operation.name': 'chat', 'gen_ai.prompt.name': 'summarize', 'gen_ai.prompt.version': '2',
        'gen_ai.system_instructions': instructions("Summarize the customer's message in one sentence.\nKeep the order number."),
      })],
      ['prompt-sent-edited', otlpSpan('chat summarize', {
        'gen_ai.operation.name': 'chat', 'gen_ai.prompt.name': 'summarize', 'gen_ai.prompt.version': '2',
        'gen_ai.system_instructions': instructions("Summarize the customer's message in one sentence."),
      })],
    ]);
    const same = await openPrompt('prompt-sent');
    assert.equal(same.ok, true, same.message);
    assert.deepEqual([same.resolution?.template, same.resolution?.templateSource], ['same', 'rendered']);
    const edited = await openPrompt('prompt-sent-edited');
    assert.deepEqual([edited.resolution?.template, edited.resolution?.templateSource], ['changed', 'rendered']);
    assert.match(edited.message ?? '', /the prompt the span sent differs from the file/);
  });

  it('the span commands without an argument use the panel selection, and say so when there is none', async () => {
    assert.equal(api.links.selectedSpan(), null, 'the panel lists code spans: nothing selected');
    const result = await vscode.commands.executeCommand<SourceOpenResult>('agentTraceLens.openSpanSource');
    assert.equal(result.ok, false);
    assert.match(result.message ?? '', /Select a span/);
  });
});
