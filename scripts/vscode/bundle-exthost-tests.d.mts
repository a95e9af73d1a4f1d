export const defaultTestsDir: string;
export const defaultBundle: string;
export function bundleExthostTests(options?: { testsDir?: string; outfile?: string }): Promise<{ outfile: string; files: string[] }>;
