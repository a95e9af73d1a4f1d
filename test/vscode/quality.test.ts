// Extension-host suite: the quality loop — a CodeLens on a prompt file with its version's scorecard, and an
// alert notification (a rule that held breaks) whose "Open Trace" action opens the failing run.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
import { postTrace, sampleTrace, type SampleTrace } from './sample-trace';
import { activateExtension, until } from './helpers';

type Body = { resourceSpans: { scopeSpans: { spans: { name: string; spanId: string; attributes: { key: string; value: Record<string, unknown> }[]; events?: unknown[] }[] }[] }[] };

function traceFor(workload: string, options: { withoutTool?: boolean; prompt?: { name: string; version: string }; judge?: number } = {}): SampleTrace {
  const trace = sampleTrace({ rootName: 'quality-run' });
  const body = trace.body as Body;
  const scope = body.resourceSpans[0]!.scopeSpans[0]!;
  for (const span of scope.spans) {
    for (const a of span.attributes) if (a.key === 'workload.id') a.value = { stringValue: workload };
    if (span.spanId === trace.llmSpanId && options.prompt) {
      span.attributes.push({ key: 'gen_ai.prompt.name', value: { stringValue: options.prompt.name } });
      span.attributes.push({ key: 'gen_ai.prompt.version', value: { stringValue: options.prompt.version } });
      if (options.judge !== undefined) {
        span.events = [{ name: 'gen_ai.evaluation.result', timeUnixNano: '1', attributes: [
          { key: 'gen_ai.evaluation.name', value: { stringValue: 'judge' } },
          { key: 'gen_ai.evaluation.score.value', value: { doubleValue: options.judge } },
        ] }];
      }
    }
  }
  if (options.withoutTool) scope.spans = scope.spans.filter((s) => s.spanId !== trace.toolSpanId);
  return trace;
}

describe('Quality loop', function () {
  let api: AgentTraceLensApi;
  let httpPort: number;
  let root: vscode.Uri;

  before(async function () {
    ({ api, httpPort } = await activateExtension());
    root = vscode.workspace.workspaceFolders![0]!.uri;
  });

  it('puts the prompt version scorecard over the prompt file, and the lens opens the Prompts view', async () => {
    const workload = `prompt-${randomBytes(3).toString('hex')}`;
    const trace = traceFor(workload, { prompt: { name: 'refund-answer', version: 'v1' }, judge: 0.8 });
    assert.equal(await postTrace(httpPort, trace.body), 200);
    const file = vscode.Uri.joinPath(root, 'prompts', 'refund-answer', 'v1.md');
    await vscode.workspace.openTextDocument(file);
    const lens = await until('prompt lens', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
      return lenses.find((l) => l.command?.command === 'agentTraceLens.showPrompts' && /^v1 · \d+ runs? · (\d+% pass · )?\d+% errors · judge 0\.80$/.test(l.command.title));
    }, 20_000);
    assert.equal(lens.range.start.line, 0);
    assert.deepEqual(lens.command!.arguments, [{ promptName: 'refund-answer', version: 'v1' }]);
    assert.equal(await vscode.commands.executeCommand(lens.command!.command, ...lens.command!.arguments!), true);
    await until('panel ready', () => api.panelReady());
  });

  it('notifies once when a rule that held breaks; "Open Trace" opens the failing run', async () => {
    const workload = `alerts-${randomBytes(3).toString('hex')}`;
    const contracts = vscode.Uri.joinPath(root, 'trace-contracts.json');
    await vscode.workspace.fs.writeFile(contracts, new TextEncoder().encode(JSON.stringify({
      version: 1, contracts: [{ id: 'alerts.v1', select: { workload }, rules: [{ id: 'tool-called', type: 'span', match: { name: 'execute_tool get_weather' } }] }],
    })));
    const shown: { message: string; actions: string[] }[] = [];
    api.alerts.setNotifierForTests(async (message, actions) => {
      shown.push({ message, actions });
      return 'Open Trace';
    });
    try {
      await api.contracts.reload();
      for (let i = 0; i < 3; i++) {
        const good = traceFor(workload);
        assert.equal(await postTrace(httpPort, good.body), 200);
        await until('good run checked', async () => {
          await api.contracts.flush();
          return api.contracts.result(good.traceId);
        });
      }
      const bad = traceFor(workload, { withoutTool: true });
      assert.equal(await postTrace(httpPort, bad.body), 200);
      await until('bad run checked', async () => {
        await api.contracts.flush();
        return api.contracts.result(bad.traceId)?.findings.length;
      });
      await until('notification', () => {
        api.alerts.flush();
        return shown.length > 0;
      });
      assert.equal(shown.length, 1);
      assert.match(shown[0]!.message, new RegExp(`${workload}: alerts\\.v1/tool-called failed; it held for the previous 3 runs`));
      assert.deepEqual(shown[0]!.actions, ['Open Trace', 'Open Rule', 'Mute for This Workload']);
      assert.equal(await api.alerts.lastAction(), 'Open Trace');
      assert.equal(api.currentTraceId(), bad.traceId);
    } finally {
      api.alerts.setNotifierForTests(null);
      await vscode.workspace.fs.delete(contracts).then(undefined, () => undefined);
      await api.contracts.reload();
    }
  });
});
