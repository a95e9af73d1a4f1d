// Renders media/icon.svg to the 128 px media/icon.png the Marketplace listing shows, in headless chromium
// (the one the VS Code test kit uses). Run after editing the SVG: node scripts/render-icon.mjs
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './vscode/browser.mjs';
import { projectRoot } from './vscode/paths.mjs';

const size = 128;
const svg = readFileSync(join(projectRoot, 'media', 'icon.svg'), 'utf8');
const runDir = mkdtempSync(join(tmpdir(), 'atl-icon-'));
const { context, page } = await launchBrowser(runDir, { width: size, height: size });
try {
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(projectRoot, 'media', 'icon.png'), omitBackground: true });
} finally {
  await context.close();
  rmSync(runDir, { recursive: true, force: true });
}
console.log(`media/icon.png (${size}×${size}) rendered from media/icon.svg`);
