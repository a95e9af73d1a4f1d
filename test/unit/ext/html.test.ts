import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../../src/ext/html';
import { endpointClipboardText, exporterEnv } from '../../../src/ext/terminal-env';

const parts = {
  cspSource: 'https://webview.test',
  scriptUri: 'https://webview.test/dist/webview.js',
  styleUri: 'https://webview.test/media/webview.css',
  codiconUri: 'https://webview.test/dist/codicons/codicon.css',
};

test('CSP denies by default and allows scripts only by nonce', () => {
  const csp = contentSecurityPolicy('https://webview.test', 'abc');
  assert.match(csp, /^default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc'(;|$)/);
  assert.match(csp, /style-src https:\/\/webview\.test(;|$)/);
  assert.match(csp, /font-src https:\/\/webview\.test(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
});

test('the document carries one nonce-bearing script and the codicon stylesheet id', () => {
  const html = webviewHtml({ ...parts, nonce: 'n0nce' });
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]!, /nonce="n0nce"/);
  assert.match(html, /id="vscode-codicon-stylesheet"/);
  assert.match(html, /script-src 'nonce-n0nce'/);
});

test('nonces are random and attribute-safe', () => {
  const a = makeNonce();
  const b = makeNonce();
  assert.notEqual(a, b);
  assert.match(a, /^[A-Za-z0-9]{16,}$/);
});

test('exporter env and clipboard text', () => {
  assert.deepEqual(exporterEnv('http://127.0.0.1:4318'), {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  });
  const text = endpointClipboardText('http://127.0.0.1:4318', '127.0.0.1:4317');
  assert.match(text, /^export OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/127\.0\.0\.1:4318$/m);
  assert.match(text, /^\$env:OTEL_EXPORTER_OTLP_PROTOCOL="http\/protobuf"$/m);
  assert.match(text, /OTLP\/gRPC: 127\.0\.0\.1:4317/);
});
