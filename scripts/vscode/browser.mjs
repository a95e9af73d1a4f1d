// Headless Debian chromium through playwright-core, quiet on a closed network.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath } from './paths.mjs';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-default-apps',
  '--disable-extensions',
];

/**
 * @param {string} runDir  profile and HOME/XDG folders go below it
 * @param {{ width?: number, height?: number }} [viewport]
 */
export async function launchBrowser(runDir, viewport = {}) {
  const profileDir = join(runDir, 'chromium-profile');
  const home = join(runDir, 'chromium-home');
  mkdirSync(profileDir, { recursive: true });
  mkdirSync(home, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
    },
    viewport: { width: viewport.width ?? 1400, height: viewport.height ?? 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
