// Extension-host suite: span contracts — palette command → Problems panel, re-check on edit, broken files.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
import { postTrace, sampleTrace } from './sample-trace';
import { EXTENSION_ID, activateExtension, until } from './helpers';


/** The sample trace with its workload attribute renamed, so counts are not mixed with other suites. */
function traceFor(workload: string) {
  const trace = sampleTrace({ rootName: 'contracts-check' });
  const body = trace.body as { resourceSpans: { scopeSpans: { spans: { attributes: { key: string; value: { stringValue?: string } }[] }[] }[] }[] };
  for (const span of body.resourceSpans[0]!.scopeSpans[0]!.spans) {
    for (const a of span.attributes) if (a.key === 'workload.id') a.value = { stringValue: workload };
  }
  return trace;
}

function contractFile(workload: string, citeMin: number): string {
  return `${JSON.stringify({
    version: 1,
    contracts: [{
      id: 'weather.v1',
      select: { workload },
      rules: [
        { id: 'cite-present', type: 'span', match: { name: 'tool.citation_check' }, min: citeMin },
        { id: 'llm-usage', type: 'attributes', on: { kind: 'llm' }, required: ['$inputTokens', '$outputTokens'] },
      ],
    }],
  }, null, 2)}\n`;
}

describe('Span contracts', function () {
  let api: AgentTraceLensApi;
  let httpPort: number;
  let uri: vscode.Uri;
  const workload = `contracts-${randomBytes(4).toString('hex')}`;
  const traces = [traceFor(workload), traceFor(workload)];

  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Agent Trace Lens');

  async function writeContracts(text: string): Promise<void> {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await api.contracts.reload();
  }

  before(async function () {
    ({ api, httpPort } = await activateExtension());
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the runner opens a workspace');
    uri = vscode.Uri.joinPath(folder.uri, 'trace-contracts.json');
    await writeContracts(contractFile(workload, 1));
    for (const t of traces) assert.equal(await postTrace(httpPort, t.body), 200);
    await until('traces stored', async () => {
      const rows = await api.listTraces();
      return traces.every((t) => rows.some((r) => r.traceId === t.traceId));
    });
    // The coalesced ingest event may come after the rows are listed, and it drops earlier verdicts
    // (late spans): wait until the live check has seen and checked both traces.
    await until('traces checked live', async () => {
      await api.contracts.flush();
      return traces.every((t) => api.contracts.result(t.traceId) !== undefined);
    });
  });

  after(async () => {
    await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    await api.contracts.reload();
  });

  it('finds the contract file and contributes its commands and schema', async () => {
    assert.deepEqual(api.contracts.files().map((u) => u.toString()), [uri.toString()]);
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['checkContracts', 'createContractFromTrace', 'openFailingTrace']) assert.ok(all.has(`agentTraceLens.${id}`), id);
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { jsonValidation: { fileMatch: string[] }[] } };
    assert.ok(pkg.contributes.jsonValidation.some((v) => v.fileMatch.includes('trace-contracts.json')));
  });

  it('the palette command checks every stored trace and puts grouped diagnostics on the rule', async () => {
    const run = await vscode.commands.executeCommand<{ summary: { failed: number; byRule: Record<string, { traces: number }> } }>(
      'agentTraceLens.checkContracts', 'all',
    );
    assert.ok(run, 'the command returns its run');
    assert.ok(run.summary.failed >= 2);
    assert.equal(run.summary.byRule['weather.v1/cite-present']?.traces, 2);
    assert.equal(run.summary.byRule['weather.v1/llm-usage'], undefined, 'token counts are present');

    // The live check may publish its own (one-trace) entry first: wait for the palette run's grouped one.
    const diags = (await until('diagnostics', () => {
      const d = ours().filter((x) => x.code === 'weather.v1/cite-present');
      return d.length > 0 && d.every((x) => x.message.includes('failed in 2 traces')) ? d : null;
    }))!;
    assert.equal(diags.length, 1, 'one entry for the group, not one per trace');
    const d = diags[0]!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, new RegExp(`failed in 2 traces \\(workload ${workload}\\)`));
    const text = (await vscode.workspace.openTextDocument(uri)).getText(d.range);
    assert.equal(text, '"id": "cite-present"', 'anchored at the rule');
    assert.equal(d.relatedInformation?.length, 2);
    assert.ok(traces.some((t) => d.relatedInformation![0]!.message.includes(t.traceId)));

    for (const t of traces) {
      const result = api.contracts.result(t.traceId);
      assert.ok(result);
      const missing = result.findings.find((f) => f.missing);
      assert.equal(missing?.missing?.label, 'tool.citation_check');
      assert.equal(missing?.missing?.parentSpanId, t.rootSpanId);
    }
  });

  it('a failing-trace link opens a document naming the findings', async () => {
    const d = ours().find((x) => x.code === 'weather.v1/cite-present')!;
    const doc = await vscode.workspace.openTextDocument(d.relatedInformation![0]!.location.uri);
    assert.match(doc.getText(), /weather\.v1\/cite-present/);
    assert.match(doc.getText(), /contracts-check/, 'the trace itself follows');
  });

  it('editing the contract file re-checks the traces', async () => {
    await writeContracts(contractFile(workload, 0));
    await api.contracts.flush(); // traces still in their quiet period are checked when it ends
    await until('the rule passes', () => ours().every((x) => x.code !== 'weather.v1/cite-present'));
    for (const t of traces) assert.deepEqual(api.contracts.result(t.traceId)?.findings, []);
  });

  it('a trace posted later is checked once it goes quiet', async () => {
    await writeContracts(contractFile(workload, 1));
    const late = traceFor(workload);
    assert.equal(await postTrace(httpPort, late.body), 200);
    const result = (await until('the late trace is checked', async () => {
      await api.contracts.flush();
      return api.contracts.result(late.traceId) ?? null;
    }))!;
    assert.deepEqual(result.findings.map((f) => f.rule), ['cite-present']);
  });

  it('an invalid contract file is a diagnostic on the file, not a failure', async () => {
    await writeContracts('{ "version": 1, "contracts": [ { "id": "x", "rules": [ } ] }');
    const problems = (await until('syntax diagnostic', () => {
      const d = ours().filter((x) => x.code === 'contract-file');
      return d.length > 0 ? d : null;
    }))!;
    assert.equal(problems[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problems[0]!.message, /JSON syntax error/);
    assert.equal(api.contracts.contractSet().contracts.length, 0);
    assert.ok(ours().every((x) => x.code === 'contract-file'), 'findings of the old contracts are gone');
  });
});
