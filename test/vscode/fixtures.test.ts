// Extension-host suite: "Save as Regression Fixture" writes the trace and its manifest into the workspace.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
import { postTrace, sampleTrace } from './sample-trace';
import { activateExtension, until } from './helpers';

describe('Regression fixtures', function () {
  let api: AgentTraceLensApi;
  let contractsUri: vscode.Uri;
  let contractsText: string;
  let root: vscode.Uri;
  const workload = `fixtures-${randomBytes(4).toString('hex')}`;
  const trace = sampleTrace({ rootName: 'fixture-save' });

  before(async function () {
    let httpPort: number;
    ({ api, httpPort } = await activateExtension());
    root = vscode.workspace.workspaceFolders![0]!.uri;
    const body = trace.body as { resourceSpans: { scopeSpans: { spans: { attributes: { key: string; value: { stringValue?: string } }[] }[] }[] }[] };
    for (const span of body.resourceSpans[0]!.scopeSpans[0]!.spans) {
      for (const a of span.attributes) if (a.key === 'workload.id') a.value = { stringValue: workload };
    }
    // The second default location: no earlier suite opens it as a document (the root file's model, opened by the
    // contracts suite, can lag behind the file written here, and quick fixes are asked for on that model).
    contractsUri = vscode.Uri.joinPath(root, '.vscode', 'trace-contracts.json');
    contractsText = JSON.stringify({
      version: 1,
      contracts: [{ id: 'fixture.v1', select: { workload }, rules: [{ id: 'cite-present', type: 'span', match: { name: 'tool.citation_check' } }] }],
    });
    await vscode.workspace.fs.writeFile(contractsUri, new TextEncoder().encode(contractsText));
    await api.contracts.reload();
    assert.equal(await postTrace(httpPort, trace.body), 200);
    await until('trace checked', async () => {
      await api.contracts.flush();
      return api.contracts.result(trace.traceId)?.findings.length;
    });
  });

  after(async () => {
    await vscode.workspace.fs.delete(contractsUri).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'test', 'trace-fixtures'), { recursive: true }).then(undefined, () => undefined);
    await api.contracts.reload();
  });

  it('saves the failing trace under test/trace-fixtures/<workload>/, named after the broken rule', async () => {
    const saved = await vscode.commands.executeCommand<{ ok: boolean; manifest?: vscode.Uri; trace?: vscode.Uri; expect?: string }>(
      'agentTraceLens.saveRegressionFixture', trace.traceId,
    );
    assert.ok(saved?.ok, JSON.stringify(saved));
    const folder = vscode.Uri.joinPath(root, 'test', 'trace-fixtures', workload);
    const base = `fixture.v1-cite-present-${trace.traceId.slice(0, 8)}`;
    assert.equal(saved.manifest!.toString(), vscode.Uri.joinPath(folder, `${base}.fixture.json`).toString());
    const manifest = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(saved.manifest!))) as Record<string, unknown>;
    assert.equal(manifest.expect, 'fail fixture.v1/cite-present');
    assert.equal(manifest.trace, `${base}.otlp.json`);
    assert.equal(manifest.workload, workload);
    const requests = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(saved.trace!))) as Array<{ resourceSpans?: Array<{ scopeSpans: Array<{ spans: Array<{ traceId: string; name: string }> }> }> }>;
    const spans = requests.flatMap((r) => r.resourceSpans ?? []).flatMap((r) => r.scopeSpans).flatMap((s) => s.spans);
    assert.ok(spans.length >= 3);
    assert.ok(spans.every((s) => s.traceId === trace.traceId));
    assert.ok(spans.some((s) => s.name === 'fixture-save'));
  });

  it('offers the save as a quick fix on the Problems entry of the failing rule', async () => {
    const document = await vscode.workspace.openTextDocument(contractsUri);
    assert.equal(document.getText(), contractsText);
    // Diagnostics are republished as checks finish (their text carries counts): ask again until the action shows.
    let titles: string[] = [];
    const seen = (): string => vscode.languages.getDiagnostics(contractsUri).map((d) => `${String(d.code)}: ${d.message}`).join(' | ');
    const save = await until('save quick fix', async () => {
      const diagnostic = vscode.languages.getDiagnostics(contractsUri).find((d) => d.code === 'fixture.v1/cite-present');
      if (!diagnostic) return undefined;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', contractsUri, diagnostic.range);
      titles = actions.map((a) => a.title);
      return actions.find((a) => a.command?.command === 'agentTraceLens.saveRegressionFixture');
    }).catch((error: Error) => assert.fail(`${error.message}; actions offered: ${titles.join(', ')}; language ${document.languageId}; diagnostics: ${seen()}`));
    assert.deepEqual(save.command!.arguments, [trace.traceId, 'fixture.v1/cite-present']);
  });
});
