// The webview document: strict CSP, one nonce'd script, styles and fonts only from the webview origin.
import { randomBytes } from 'node:crypto';

/** Where the page runs: the side bar's view or an editor tab (the webview reads it from <body data-surface>). */
export type Surface = 'sidebar' | 'editor';

export interface WebviewHtmlParts {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  nonce?: string;
  surface?: Surface;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function webviewHtml(parts: WebviewHtmlParts): string {
  const nonce = parts.nonce ?? makeNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(parts.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(parts.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(parts.styleUri)}">
<title>Agent Traces</title>
</head>
<body data-surface="${parts.surface ?? 'sidebar'}">
<div id="root"></div>
<script nonce="${attr(nonce)}" src="${attr(parts.scriptUri)}"></script>
</body>
</html>`;
}
