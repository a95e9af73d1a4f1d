import type { BrowserContext, Page } from 'playwright-core';
export const chromiumArgs: string[];
export function launchBrowser(
  runDir: string,
  viewport?: { width?: number; height?: number },
): Promise<{ context: BrowserContext; page: Page }>;
