// Throwaway extension for the harness selftest: a palette command, a side-bar webview that posts
// back, a command that opens a workspace file at a position, and a stand-in OTLP/HTTP receiver on
// AGENT_TRACE_LENS_HTTP_PORT that answers with the byte count it received.
const vscode = require('vscode');
const http = require('node:http');

exports.activate = (context) => {
  const port = Number(process.env.AGENT_TRACE_LENS_HTTP_PORT);
  context.subscriptions.push(
    vscode.commands.registerCommand('selftest.hello', () => {
      vscode.window.showInformationMessage('hello from selftest');
      return process.env.AGENT_TRACE_LENS_HTTP_PORT ?? 'unset';
    }),
    vscode.commands.registerCommand('selftest.openAgent', async () => {
      const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'src', 'agent.ts');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(2, 2, 2, 2) });
    }),
    vscode.window.registerWebviewViewProvider('selftest.view', {
      resolveWebviewView(view) {
        view.webview.options = { enableScripts: true };
        view.webview.html = `<!doctype html><html><body>
          <h1 id="hello">Hello webview ${port}</h1>
          <button id="ping" onclick="acquireVsCodeApi().postMessage('ping')">Ping</button>
        </body></html>`;
        view.webview.onDidReceiveMessage((m) => vscode.window.showInformationMessage(`webview said ${m}`));
      },
    }),
  );
  if (port) {
    const server = http
      .createServer((req, res) => {
        let bytes = 0;
        req.on('data', (chunk) => (bytes += chunk.length));
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ bytes, url: req.url }));
        });
      })
      .listen(port, '127.0.0.1');
    context.subscriptions.push({ dispose: () => server.close() });
  }
};
