// Extension-host suite for span links: span → source (new/old attributes, /app paths, Windows paths,
// mappings, literal search), CodeLens with store counts, gutter marks, span → prompt version from git.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { formatLensTitle } from '../../src/core/links/lens-text';
import type { Attributes, NormalizedSpan, RawSpan } from '../../src/core/model/types';
import { TraceStore } from '../../src/core/store';
import {
  PROMPT_SCHEME, diffSpanPromptVersions, openSpanPrompt, openSpanSource, registerSpanLinks, setLiteralPickerForTests,
  type SpanLinksHandle,
} from '../../src/ext/links';
import { SHOW_SPANS_AT_CODE } from '../../src/ext/links/code-lens';

const EXTENSION_ID = 'agent-trace-lens.agent-trace-lens';
const FOLDER = 'links-ws';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd, encoding: 'utf8',
  });
}

let spanCounter = 0;
const TRACE_ID = 'c0ffee00000000000000000000000001';
const BASE_NS = BigInt(Date.now()) * 1_000_000n;

function rawSpan(name: string, attributes: Attributes, options: { durationMs?: number; error?: boolean } = {}): RawSpan {
  spanCounter++;
  const start = BASE_NS + BigInt(spanCounter) * 1_000_000_000n;
  return {
    traceId: TRACE_ID,
    spanId: spanCounter.toString(16).padStart(16, '0'),
    parentSpanId: null,
    traceState: '',
    name,
    otelKind: 1,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + BigInt(Math.round((options.durationMs ?? 10) * 1_000_000))).toString(),
    attributes,
    events: [],
    links: [],
    statusCode: options.error ? 2 : 0,
    statusMessage: options.error ? 'failed' : '',
    resource: { 'service.name': 'links-test' },
    scope: { name: 'links-test', version: '1' },
  };
}

describe('Span links', function () {
  let root: string;
  let ws: string;
  let store: TraceStore;
  let links: SpanLinksHandle;
  let currentMappings: Array<{ from: string; to: string }> = [];
  const spans = new Map<string, NormalizedSpan>();

  const ingest = (key: string, raw: RawSpan): void => {
    store.ingestDecoded({ spans: [raw], logs: [] });
    const span = store.getSpan(raw.traceId, raw.spanId);
    assert.ok(span, `span ${key} stored`);
    spans.set(key, span);
  };
  const span = (key: string): NormalizedSpan => spans.get(key)!;
  const fileUri = (rel: string) => vscode.Uri.file(join(ws, rel));
  const lineOf = (rel: string, needle: string): number =>
    readFileSync(join(ws, rel), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
  const activeAt = () => {
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is open');
    return { path: editor.document.uri.fsPath, line: editor.selection.active.line + 1, column: editor.selection.active.character + 1 };
  };

  before(async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace is open');
    root = folder.uri.fsPath;
    ws = join(root, FOLDER);
    rmSync(ws, { recursive: true, force: true });
    cpSync(join(ext.extensionPath, 'test', 'fixtures', 'workspace-links'), ws, { recursive: true });
    // A repository where the prompt was committed at v1, then changed to v2.
    git(ws, 'init', '-q');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'summarize v1');
    const v1 = readFileSync(join(ws, 'prompts/summarize.md'), 'utf8');
    writeFileSync(join(ws, 'prompts/summarize.md'), v1.replace('version: 1', 'version: 2').replace('two sentences', 'one sentence'));
    git(ws, 'commit', '-q', '-am', 'summarize v2');
    await until('fixture files visible to findFiles', async () => (await vscode.workspace.findFiles(`${FOLDER}/**/h.ts`)).length === 2);

    store = await TraceStore.open({ dir: null });
    const listeners = new Set<() => void>();
    const state = new Map<string, unknown>();
    const context = {
      subscriptions: [] as vscode.Disposable[],
      workspaceState: {
        keys: () => [...state.keys()],
        get: <T>(key: string, fallback?: T) => (state.has(key) ? (state.get(key) as T) : fallback),
        update: async (key: string, value: unknown) => { if (value === undefined) state.delete(key); else state.set(key, value); },
      },
    } as unknown as vscode.ExtensionContext;
    links = registerSpanLinks(context, {
      store: () => ({
        codeLocationStats: async (filter) => store.codeLocationStats(filter),
        getSpan: async (traceId, spanId) => store.getSpan(traceId, spanId),
      }),
      onDidChangeStore: (listener) => { listeners.add(listener); return () => listeners.delete(listener); },
      getSetting: <T>(key: string, fallback: T): T => (key === 'links.pathMappings' ? (currentMappings as T) : fallback),
      // The extension may register the same commands; this instance runs beside it.
      registerCommands: false,
    });

    const routeLine = lineOf('services/triage/router.ts', "'triage.route'");
    for (let i = 0; i < 3; i++) {
      ingest(`route${i}`, rawSpan('triage.route', {
        'code.file.path': '/app/services/triage/router.ts', 'code.line.number': routeLine,
        'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 20,
      }, { durationMs: 100 * (i + 1), error: i === 2 }));
    }
    ingest('new', rawSpan('llm.generate', {
      'code.file.path': '/home/someone/other-checkout/src/support/pipeline.ts',
      'code.line.number': lineOf('src/support/pipeline.ts', "'llm.generate'"),
      'code.column.number': 16,
    }));
    ingest('old', rawSpan('legacy.classify', {
      'code.filepath': 'C:\\build\\agent\\src\\support\\legacy.py',
      'code.lineno': lineOf('src/support/legacy.py', '"legacy.classify"'),
      'code.function': 'classify',
    }));
    ingest('stack', rawSpan('stack.only', {
      'code.stacktrace': [
        'Error: where',
        '    at Object.<anonymous> (/app/node_modules/@opentelemetry/sdk-trace-base/build/src/Tracer.js:120:20)',
        `    at route (/app/services/triage/router.ts:${lineOf('services/triage/router.ts', "'triage.route'")}:19)`,
        '    at node:internal/process/task_queues:95:5',
      ].join('\n'),
    }));
    ingest('mapped', rawSpan('mapped.where', { 'code.file.path': '/srv/agent/h.ts', 'code.line.number': 2 }));
    ingest('literal', rawSpan('links.unique-literal', {}));
    ingest('twice', rawSpan('links.twice', {}));
    ingest('prompt-old', rawSpan('llm.summarize', {
      'gen_ai.prompt.name': 'summarize', 'gen_ai.prompt.version': '1',
      'llm.prompt_template.template': "Summarize the customer's message in two sentences.\nKeep the order number.",
    }));
    ingest('prompt-new', rawSpan('llm.summarize', { 'gen_ai.prompt.name': 'summarize', 'gen_ai.prompt.version': 'v2' }));
    for (const l of listeners) l();
    links.refresh();
  });

  after(async () => {
    setLiteralPickerForTests(null);
    links?.dispose();
    await store?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a span with current code.* attributes recorded in another checkout at its line and column', async () => {
    const result = await openSpanSource(span('new'));
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(activeAt(), {
      path: fileUri('src/support/pipeline.ts').fsPath, line: lineOf('src/support/pipeline.ts', "'llm.generate'"), column: 16,
    });
  });

  it('opens a span with old-style attributes and a Windows path', async () => {
    const result = await openSpanSource(span('old'));
    assert.equal(result.ok, true, result.message);
    const at = activeAt();
    assert.equal(at.path, fileUri('src/support/legacy.py').fsPath);
    assert.equal(at.line, lineOf('src/support/legacy.py', '"legacy.classify"'));
  });

  it('opens a span recorded under /app/... in the matching workspace file', async () => {
    const result = await openSpanSource(span('route0'));
    assert.equal(result.ok, true, result.message);
    const at = activeAt();
    assert.equal(at.path, fileUri('services/triage/router.ts').fsPath);
    assert.equal(at.line, lineOf('services/triage/router.ts', "'triage.route'"));
  });

  it('opens the first workspace frame of code.stacktrace when there is no code.* location', async () => {
    const result = await openSpanSource(span('stack'));
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(activeAt(), {
      path: fileUri('services/triage/router.ts').fsPath, line: lineOf('services/triage/router.ts', "'triage.route'"), column: 19,
    });
  });

  it('follows a configured path mapping over an equally good suffix match', async () => {
    currentMappings = [];
    links.refresh();
    const unmapped = await openSpanSource(span('mapped'));
    assert.equal(unmapped.ok, true, unmapped.message);
    assert.equal(activeAt().path, fileUri('alpha/h.ts').fsPath, 'without a mapping the suffix tie goes to the first path');
    currentMappings = [{ from: '/srv/agent', to: `${FOLDER}/zeta` }];
    links.refresh();
    try {
      const mapped = await openSpanSource(span('mapped'));
      assert.equal(mapped.ok, true, mapped.message);
      assert.deepEqual(activeAt(), { path: fileUri('zeta/h.ts').fsPath, line: 2, column: 1 });
    } finally {
      currentMappings = [];
      links.refresh();
    }
  });

  it('finds a span without a code location by its name literal', async () => {
    const result = await openSpanSource(span('literal'));
    assert.equal(result.ok, true, result.message);
    assert.equal(result.how, 'literal');
    const at = activeAt();
    assert.equal(at.path, fileUri('src/support/literal.ts').fsPath);
    assert.equal(at.line, lineOf('src/support/literal.ts', "'links.unique-literal'"));
  });

  it('asks when several literals match and remembers the choice for the span name', async () => {
    let offered: string[] = [];
    setLiteralPickerForTests(async (items) => {
      offered = items.map((i) => i.uri.fsPath);
      return items.find((i) => i.uri.fsPath === fileUri('src/support/other.ts').fsPath);
    });
    const first = await openSpanSource(span('twice'));
    assert.equal(first.ok, true, first.message);
    assert.deepEqual(offered.sort(), [fileUri('src/support/literal.ts').fsPath, fileUri('src/support/other.ts').fsPath].sort());
    assert.equal(activeAt().path, fileUri('src/support/other.ts').fsPath);

    setLiteralPickerForTests(async () => { throw new Error('the remembered choice must be used'); });
    const second = await openSpanSource(span('twice'));
    assert.equal(second.how, 'remembered');
    assert.equal(activeAt().path, fileUri('src/support/other.ts').fsPath);
    assert.equal(activeAt().line, lineOf('src/support/other.ts', "'links.twice'"));
  });

  it('shows a CodeLens with the store counts over the emitting line', async () => {
    const uri = fileUri('services/triage/router.ts');
    await vscode.window.showTextDocument(uri);
    const stat = store.codeLocationStats({ codeFiles: ['/app/services/triage/router.ts'] })[0];
    assert.ok(stat);
    assert.equal(stat.count, 3);
    assert.equal(stat.errorCount, 1);
    const lenses = (await until('code lenses', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      const ours = all.filter((l) => l.command?.command === SHOW_SPANS_AT_CODE);
      return ours.length > 0 ? ours : null;
    }))!;
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0]!.command!.title, formatLensTitle(stat));
    assert.match(lenses[0]!.command!.title, /^triage\.route · 3 runs · p95 300 ms · 1 error · 360 tokens$/);
    assert.equal(lenses[0]!.range.start.line + 1, lineOf('services/triage/router.ts', "'triage.route'"));

    await links.gutter.refresh();
    assert.deepEqual(links.gutter.markedLines(uri), [lineOf('services/triage/router.ts', "'triage.route'")]);

    const line = lineOf('services/triage/router.ts', "'triage.route'");
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line - 1, 4));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /Latest: \*\*triage\\\.route\*\*/, hoverText);
    assert.match(hoverText, /error/);

    const none = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fileUri('src/support/other.ts'), 10);
    assert.equal(none.filter((l) => l.command?.command === SHOW_SPANS_AT_CODE).length, 0, 'no lens where no span points');
  });

  it('adds no CodeLens when codeLens.enabled is false', async () => {
    const uri = fileUri('services/triage/router.ts');
    const off = registerSpanLinksOff();
    try {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      assert.equal(all.filter((l) => l.command?.command === SHOW_SPANS_AT_CODE).length, 1, 'only the enabled instance adds a lens');
    } finally {
      off.dispose();
    }
  });

  function registerSpanLinksOff(): vscode.Disposable {
    const context = { subscriptions: [], workspaceState: { keys: () => [], get: () => undefined, update: async () => {} } } as unknown as vscode.ExtensionContext;
    return registerSpanLinks(context, {
      store: () => ({
        codeLocationStats: async (filter) => store.codeLocationStats(filter),
        getSpan: async (traceId, spanId) => store.getSpan(traceId, spanId),
      }),
      onDidChangeStore: () => () => undefined,
      getSetting: <T>(key: string, fallback: T): T => (key === 'codeLens.enabled' ? (false as T) : fallback),
      registerCommands: false,
    });
  }

  it('opens the prompt file of the current version', async () => {
    const result = await openSpanPrompt(span('prompt-new'), { notify: false });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.opened?.fsPath, fileUri('prompts/summarize.md').fsPath);
    assert.equal(result.resolution?.gap, null);
    assert.equal(result.diffAvailable, false);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, fileUri('prompts/summarize.md').fsPath);
  });

  it('opens an older prompt version from git history, says so and diffs it with the current file', async () => {
    const result = await openSpanPrompt(span('prompt-old'), { notify: false });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.resolution?.gap, 'trace ran v1, workspace has v2');
    assert.equal(result.opened?.scheme, PROMPT_SCHEME);
    assert.equal(result.resolution?.template, 'same', 'the recorded template is the v1 text');
    const shown = vscode.window.activeTextEditor?.document;
    assert.equal(shown?.uri.scheme, PROMPT_SCHEME);
    assert.match(shown!.getText(), /version: 1/);
    assert.match(shown!.getText(), /two sentences/);
    assert.equal(result.diffAvailable, true);
    assert.match(result.message ?? '', /trace ran v1, workspace has v2/);

    const diff = await diffSpanPromptVersions(span('prompt-old'));
    assert.equal(diff.ok, true, diff.message);
    const tab = (await until('diff tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : null;
    }))!;
    assert.equal(tab.original.scheme, PROMPT_SCHEME);
    assert.equal(tab.modified.fsPath, fileUri('prompts/summarize.md').fsPath);
  });

  it('says when the recorded template changed since', async () => {
    ingest('prompt-edited', rawSpan('llm.summarize', {
      'gen_ai.prompt.name': 'summarize', 'gen_ai.prompt.version': '2', 'llm.prompt_template.template': 'Something else entirely.',
    }));
    const result = await openSpanPrompt(span('prompt-edited'), { notify: false });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.resolution?.template, 'changed');
    assert.match(result.message ?? '', /changed since/);
  });
});
