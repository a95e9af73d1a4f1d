export const defaultSettings: Record<string, unknown>;
export function freePort(): Promise<number>;
export function acceptsConnections(port: number): Promise<boolean>;
export function copyWorkspace(template: string, runDir: string, name?: string): string;
export function readTail(file: string, lines: number): string;

export interface StartOptions {
  /** Folder to open; copy it first (copyWorkspace) if tests change it. */
  workspace?: string;
  /** Folder symlinked into the extensions dir (default: project root); false = install nothing. */
  installExtension?: string | false;
  vsix?: string;
  workspaceTrust?: boolean;
  /** Honour extensionDevelopmentPath/extensionTestsPath from the URL payload. */
  smokeTestDriver?: boolean;
  /** Extra environment for code-server and so for the extension host (VSCODE_* is stripped by VS Code). */
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  /** Default: a free port. */
  port?: number;
  /** Default: a new temp folder. */
  runDir?: string;
  /** Default: AGENT_TRACE_LENS_KEEP_RUN=1. */
  keepRunDir?: boolean;
  healthTimeoutMs?: number;
}

export interface CodeServer {
  pid: number;
  port: number;
  baseUrl: string;
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string | undefined;
  logFile: string;
  remoteUri(absPath: string): string;
  workbenchUrl(options?: { folder?: string; payload?: [string, string][] }): string;
  logFiles(): string[];
  stop(options?: { keep?: boolean }): Promise<void>;
}

export function startCodeServer(options?: StartOptions): Promise<CodeServer>;
