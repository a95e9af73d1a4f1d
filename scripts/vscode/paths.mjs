// Where the offline VS Code test kit lives. Everything sits inside the project (gitignored .cache/),
// nothing in the project's own node_modules.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(projectRoot, '.cache', 'vscode-test');

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const nodePackage = `node-${process.platform}-${process.arch}`;

export const node24Prefix = join(cacheDir, `node-${NODE_VERSION}`);
export const node24Home = join(node24Prefix, 'node_modules', nodePackage);
export const codeServerPrefix = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerHome = join(codeServerPrefix, 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerHome, 'out', 'node', 'entry.js');
export const markerFile = join(cacheDir, 'ready.json');

export const chromiumPath = process.env.AGENT_TRACE_LENS_CHROMIUM ?? '/usr/bin/chromium';
export const extensionId = 'agent-trace-lens.agent-trace-lens-0.1.0';
export const artifactsDir = join(projectRoot, 'test-artifacts');
