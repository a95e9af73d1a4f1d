// `trace-lens check --fixtures DIR`: every regression fixture under DIR must still behave as its manifest says.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Contract } from '../core/contracts';
import { FIXTURE_MANIFEST_SUFFIX, parseManifest, verifyFixture, type FixtureVerdict } from '../core/fixtures';
import { CheckInputError, checkStore, openTraces, type CheckArgs, type Io } from './check';
import { escapeXml } from './formats/check-junit';

interface FixtureOutcome extends FixtureVerdict {
  manifest: string;
  expect: string;
}

function findManifests(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(FIXTURE_MANIFEST_SUFFIX)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

async function verifyOne(file: string, contracts: Contract[], args: Pick<CheckArgs, 'workloadKey'>): Promise<FixtureOutcome> {
  let parsed;
  try {
    parsed = parseManifest(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CheckInputError(`bad fixture manifest ${file}: ${(error as Error).message}`);
  }
  const tracePath = path.join(path.dirname(file), parsed.manifest.trace);
  if (!existsSync(tracePath)) throw new CheckInputError(`fixture ${file}: trace file ${parsed.manifest.trace} not found`);
  const store = await openTraces({ db: null, otlpFiles: [tracePath], workloadKey: args.workloadKey });
  try {
    const verdict = verifyFixture(parsed.expectation, contracts, checkStore(store, contracts, args.workloadKey));
    return { ...verdict, manifest: file, expect: parsed.manifest.expect };
  } finally {
    await store.close();
  }
}

function render(format: CheckArgs['format'], outcomes: FixtureOutcome[]): string {
  const failed = outcomes.filter((o) => !o.ok).length;
  if (format === 'json') {
    return `${JSON.stringify({ summary: { fixtures: outcomes.length, held: outcomes.length - failed, failed }, fixtures: outcomes }, null, 2)}\n`;
  }
  if (format === 'junit') {
    const cases = outcomes.map((o) => {
      const attrs = `classname="fixtures" name="${escapeXml(o.manifest)}"`;
      return o.ok ? `    <testcase ${attrs}/>`
        : `    <testcase ${attrs}>\n      <failure message="${escapeXml(o.message)}" type="fixture"/>\n    </testcase>`;
    });
    return ['<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="trace-lens check --fixtures" tests="${outcomes.length}" failures="${failed}" errors="0">`,
      `  <testsuite name="fixtures" tests="${outcomes.length}" failures="${failed}" errors="0" skipped="0">`,
      ...cases, '  </testsuite>', '</testsuites>', ''].join('\n');
  }
  const lines = outcomes.map((o) => `${o.ok ? 'ok  ' : 'FAIL'} ${o.manifest} (${o.expect}): ${o.message}`);
  lines.push(`${outcomes.length} fixture${outcomes.length === 1 ? '' : 's'}: ${outcomes.length - failed} held, ${failed} failed.`);
  return `${lines.join('\n')}\n`;
}

export async function runFixtureCheck(dir: string, contracts: Contract[], args: CheckArgs, io: Io): Promise<number> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CheckInputError(`no fixture folder at ${dir}`);
  const outcomes: FixtureOutcome[] = [];
  for (const file of findManifests(dir)) outcomes.push(await verifyOne(file, contracts, args));
  io.stdout(render(args.format, outcomes));
  if (outcomes.length === 0) {
    if (args.allowEmpty) {
      io.stderr(`check: no fixture manifest (*${FIXTURE_MANIFEST_SUFFIX}) under ${dir}\n`);
      return 0;
    }
    io.stderr(`check: FAILED: no fixture manifest (*${FIXTURE_MANIFEST_SUFFIX}) under ${dir}; an empty run cannot pass (--allow-empty accepts it)\n`);
    return 1;
  }
  return outcomes.some((o) => !o.ok) ? 1 : 0;
}
