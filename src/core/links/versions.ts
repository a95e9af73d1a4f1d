/**
 * Prompt version comparison: "v16" = "16", numeric segments compare as numbers ("9" < "10"),
 * semver-ish prereleases sort before the release ("2.0.0-rc1" < "2.0.0"), anything else as text.
 */

interface ParsedVersion {
  numbers: number[];
  prerelease: string | null;
}

export function normalizeVersion(version: string): string {
  return version.trim().replace(/^v(?=\d)/i, '');
}

function parse(version: string): ParsedVersion | null {
  const m = /^(\d+(?:\.\d+)*)(?:[-+](.+))?$/.exec(normalizeVersion(version));
  if (!m) return null;
  return { numbers: m[1]!.split('.').map((n) => Number.parseInt(n, 10)), prerelease: m[2] ?? null };
}

/** Negative when a < b, positive when a > b, 0 when equal. Total and deterministic. */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) {
    const len = Math.max(pa.numbers.length, pb.numbers.length);
    for (let i = 0; i < len; i++) {
      const d = (pa.numbers[i] ?? 0) - (pb.numbers[i] ?? 0);
      if (d !== 0) return d;
    }
    if (pa.prerelease === pb.prerelease) return 0;
    if (pa.prerelease === null) return 1;
    if (pb.prerelease === null) return -1;
    return compareText(pa.prerelease, pb.prerelease);
  }
  // Numbered versions rank above free-form labels (hashes, "draft").
  if (pa) return 1;
  if (pb) return -1;
  return compareText(normalizeVersion(a), normalizeVersion(b));
}

export function versionsEqual(a: string, b: string): boolean {
  return compareVersions(a, b) === 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "v16" for numbered versions, the label unchanged otherwise. */
export function displayVersion(version: string): string {
  const n = normalizeVersion(version);
  return parse(n) ? `v${n}` : version.trim();
}

/** "trace ran v16, workspace has v17"; null when equal or either side is unknown. */
export function describeVersionGap(
  traceVersion: string | null | undefined,
  currentVersion: string | null | undefined,
): string | null {
  if (!traceVersion || !currentVersion) return null;
  if (versionsEqual(traceVersion, currentVersion)) return null;
  return `trace ran ${displayVersion(traceVersion)}, workspace has ${displayVersion(currentVersion)}`;
}
