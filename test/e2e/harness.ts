// Playwright helpers for UI tests against a real VS Code workbench (code-server + headless chromium).
// Each launchVscode() starts its own code-server with the extension installed, picks free receiver
// ports (passed to the extension as AGENT_TRACE_LENS_HTTP_PORT / AGENT_TRACE_LENS_GRPC_PORT) and
// opens a fresh copy of the fixture workspace. Run through scripts/vscode/run-ui-tests.mjs.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../../scripts/vscode/browser.mjs';
import { acceptsConnections, copyWorkspace, freePort, startCodeServer, type CodeServer } from '../../scripts/vscode/code-server.mjs';
import { artifactsDir, projectRoot } from '../../scripts/vscode/paths.mjs';

export { projectRoot, artifactsDir };
export const fixturesDir = join(projectRoot, 'test', 'fixtures');

/** Set by `npm run test:ui -- --update-screenshots`: only then do the README's screenshots get rewritten. */
export const UPDATE_SCREENSHOTS_ENV = 'AGENT_TRACE_LENS_UPDATE_SCREENSHOTS';

/**
 * A test's screenshot becomes media/screenshots/<name> (a tracked file the README shows) only when asked for;
 * a plain test run leaves the working tree as it was. Returns the file written, or null.
 */
export function publishReadmeScreenshot(screenshot: string, name: string): string | null {
  if (process.env[UPDATE_SCREENSHOTS_ENV] !== '1') return null;
  const target = join(projectRoot, 'media', 'screenshots', name);
  mkdirSync(join(projectRoot, 'media', 'screenshots'), { recursive: true });
  copyFileSync(screenshot, target);
  return target;
}

export interface LaunchOptions {
  /** Folder copied into the run folder and opened (default test/fixtures/workspace). */
  workspaceTemplate?: string;
  /** A .code-workspace file inside the template to open instead of the folder (multi-root workspaces). */
  workspaceFile?: string;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Extra environment for the extension host. */
  env?: Record<string, string>;
  /** Extension folder to install (default: the project root, which needs `npm run build`). */
  extensionPath?: string;
  /** A packaged .vsix to install instead of a folder (the release check). */
  vsix?: string;
  /** Keep Workspace Trust on, so the folder opens in Restricted Mode until trusted (default: off). */
  workspaceTrust?: boolean;
  viewport?: { width?: number; height?: number };
}

export interface OtlpResponse {
  status: number;
  contentType: string | null;
  body: Buffer;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 100 ms until it holds; fails the test when it has not within `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export class VscodeSession {
  private constructor(
    readonly page: Page,
    readonly context: BrowserContext,
    readonly server: CodeServer,
    /** Absolute path of the opened workspace copy (tests may read and write it). */
    readonly workspace: string,
    /** OTLP/HTTP port the extension was told to use. */
    readonly httpPort: number,
    /** OTLP/gRPC port the extension was told to use. */
    readonly grpcPort: number,
  ) {}

  static async launch(options: LaunchOptions = {}): Promise<VscodeSession> {
    const runDir = mkdtempSync(join(tmpdir(), 'atl-ui-'));
    const workspace = copyWorkspace(options.workspaceTemplate ?? join(fixturesDir, 'workspace'), runDir);
    const httpPort = await freePort();
    const grpcPort = await freePort();
    const server = await startCodeServer({
      runDir,
      workspace: options.workspaceFile ? join(workspace, options.workspaceFile) : workspace,
      installExtension: options.extensionPath ?? projectRoot,
      ...(options.vsix ? { vsix: options.vsix } : {}),
      ...(options.workspaceTrust ? { workspaceTrust: true } : {}),
      settings: options.settings,
      env: {
        AGENT_TRACE_LENS_HTTP_PORT: String(httpPort),
        AGENT_TRACE_LENS_GRPC_PORT: String(grpcPort),
        ...options.env,
      },
    });
    try {
      const { context, page } = await launchBrowser(runDir, options.viewport);
      const session = new VscodeSession(page, context, server, workspace, httpPort, grpcPort);
      await page.goto(server.workbenchUrl());
      await session.waitForWorkbench();
      return session;
    } catch (err) {
      await server.stop();
      throw err;
    }
  }

  /** Waits until the workbench chrome is drawn and the workspace is open in the explorer. */
  async waitForWorkbench(timeoutMs = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Opens the command palette (F1) and returns its input box. */
  async openCommandPalette(): Promise<Locator> {
    const widget = this.page.locator('.quick-input-widget');
    if (await widget.isVisible()) await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = widget.locator('input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    return input;
  }

  /**
   * Runs a command by its palette title ("Category: Title"). The palette builds its list when it
   * opens, so right after start-up an extension's command may be missing: retry until it shows.
   */
  async runCommand(title: string, { attempts = 8 }: { attempts?: number } = {}): Promise<void> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const input = await this.openCommandPalette();
      await input.fill(`>${title}`);
      const row = this.page
        .locator('.quick-input-widget .monaco-list-row')
        .filter({ has: this.page.locator('.label-name', { hasText: exactText(title) }) })
        .first();
      try {
        await row.waitFor({ state: 'visible', timeout: 2_000 });
        await row.click();
        await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
        return;
      } catch {
        await this.page.keyboard.press('Escape');
        await sleep(1_000);
      }
    }
    throw new Error(`command "${title}" not found in the command palette after ${attempts} attempts`);
  }

  /** Clicks a view container in the activity bar by its label (e.g. "Agent Trace Lens"). */
  async openViewContainer(label: string): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${cssString(label)}"]`).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    const expanded = await item.getAttribute('aria-expanded');
    const checked = await item.locator('xpath=..').getAttribute('aria-checked');
    if (expanded !== 'true' && checked !== 'true') await item.click();
  }

  /**
   * Content frame of a webview (panel or side-bar view). Webview content sits two iframes deep:
   * iframe.webview.ready > #active-frame. With several webviews open, `contains` picks the one that
   * has a matching element.
   */
  async webview({ contains = 'body', timeoutMs = 30_000 }: { contains?: string; timeoutMs?: number } = {}): Promise<FrameLocator> {
    const deadline = Date.now() + timeoutMs;
    const outer = this.page.locator('iframe.webview.ready');
    while (Date.now() < deadline) {
      const count = await outer.count();
      for (let i = 0; i < count; i++) {
        const frame = outer.nth(i).contentFrame().locator('#active-frame').contentFrame();
        if ((await frame.locator(contains).count().catch(() => 0)) > 0) return frame;
      }
      await sleep(250);
    }
    throw new Error(`no webview containing "${contains}" within ${timeoutMs} ms`);
  }

  /** Waits for a notification toast whose text matches and returns its text. */
  async waitForNotification(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await toast.innerText()).trim();
  }

  /** Title of the active editor tab (file name, or a webview panel's title), or null when none. */
  async activeEditorTitle(): Promise<string | null> {
    const tab = this.page.locator('.tabs-container .tab.active').first();
    if ((await tab.count()) === 0) return null;
    const resource = await tab.getAttribute('data-resource-name');
    if (resource) return resource;
    const label = (await tab.getAttribute('aria-label')) ?? '';
    return label.split(',')[0]?.trim() || null;
  }

  /** Waits for the active editor tab to have this title (see activeEditorTitle). */
  async waitForActiveEditor(title: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: string | null = null;
    while (Date.now() < deadline) {
      last = await this.activeEditorTitle();
      if (last === title) return;
      await sleep(200);
    }
    throw new Error(`active editor is "${last}", expected "${title}" within ${timeoutMs} ms`);
  }

  /** Cursor position from the status bar ("Ln 12, Col 3"), or null when no text editor is focused. */
  async cursorPosition(): Promise<{ line: number; column: number } | null> {
    const item = this.page.locator('#status\\.editor\\.selection').first();
    if ((await item.count()) === 0) return null;
    const match = /Ln (\d+), Col (\d+)/.exec(await item.innerText());
    return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
  }

  /** Drags the side bar's sash until the side bar is about `width` px wide; returns the new width. */
  async widenSideBar(width: number): Promise<number> {
    const bar = this.page.locator('.part.sidebar').first();
    const before = await bar.boundingBox();
    if (!before) throw new Error('no side bar visible');
    const y = before.y + before.height / 2;
    for (const dx of [0, -1, 1]) {
      await this.page.mouse.move(before.x + before.width + dx, y);
      await this.page.mouse.down();
      await this.page.mouse.move(before.x + width, y, { steps: 10 });
      await this.page.mouse.up();
      await this.page.mouse.move(before.x + width + 200, y); // off the sash: no hover highlight in screenshots
      const after = await bar.boundingBox();
      if (after && Math.abs(after.width - before.width) > 2) return after.width;
    }
    throw new Error(`the side bar stayed ${before.width} px wide`);
  }

  /** Saves a full-page screenshot to test-artifacts/<name>.png and returns the path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(artifactsDir, { recursive: true });
    const file = join(artifactsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Waits until the extension's OTLP/HTTP receiver accepts connections. */
  async waitForReceiver(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await acceptsConnections(this.httpPort)) return;
      await sleep(250);
    }
    throw new Error(`no OTLP receiver on 127.0.0.1:${this.httpPort} within ${timeoutMs} ms`);
  }

  /** POSTs an OTLP/HTTP request to the extension's receiver. */
  async postOtlp(
    body: Uint8Array | string | object,
    { path = '/v1/traces', contentType, headers = {} }: { path?: string; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<OtlpResponse> {
    const isBytes = body instanceof Uint8Array;
    const payload = isBytes ? body : typeof body === 'string' ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
    const type = contentType ?? (isBytes ? 'application/x-protobuf' : 'application/json');
    return post(this.httpPort, path, payload, { 'content-type': type, ...headers });
  }

  /**
   * POSTs a recorded request from test/fixtures/otlp (e.g. "openinference-openai/001-traces.json").
   * Content type from the extension (.json / .pb), endpoint from the name (…logs… = /v1/logs).
   */
  async postFixture(relativePath: string): Promise<OtlpResponse> {
    if (relativePath.endsWith('.decoded.json')) throw new Error(`${relativePath} is a decoded view, not a request`);
    const bytes = readFileSync(join(fixturesDir, 'otlp', relativePath));
    const name = basename(relativePath);
    const path = name.includes('logs') ? '/v1/logs' : '/v1/traces';
    const contentType = name.endsWith('.json') ? 'application/json' : 'application/x-protobuf';
    return this.postOtlp(new Uint8Array(bytes), { path, contentType });
  }

  /** Closes the browser and stops code-server (its run folder is kept when keep=true). */
  async close({ keep = false }: { keep?: boolean } = {}): Promise<void> {
    await this.context.close().catch(() => {});
    await this.server.stop({ keep: keep || undefined });
  }
}

export function launchVscode(options?: LaunchOptions): Promise<VscodeSession> {
  return VscodeSession.launch(options);
}

function post(port: number, path: string, body: Uint8Array, headers: Record<string, string>): Promise<OtlpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(body.byteLength) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

function cssString(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
