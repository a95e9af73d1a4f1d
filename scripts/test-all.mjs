// `npm test`: build, typecheck, unit tests, the offline VS Code kit, extension-host suites, UI tests.
// Every step runs (unless a step it depends on failed); exit code 1 if any failed; durations printed.
// Usage: node scripts/test-all.mjs [--skip step,step]   steps: build typecheck unit setup exthost ui
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from './vscode/paths.mjs';

const { values: opts } = parseArgs({ options: { skip: { type: 'string', multiple: true, default: [] } } });
const skipped = new Set(opts.skip.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean));

function hasTests(dir) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? hasTests(full) : entry.endsWith('.test.ts');
  });
}

const node = process.execPath;
const STEP_TIMEOUT_MS = 15 * 60 * 1000;
const steps = [
  { name: 'build', cmd: [node, 'scripts/build.mjs'] },
  {
    name: 'typecheck',
    // The root project, plus the ones with DOM types (browser bundle, UI tests) when present.
    cmds: ['tsconfig.json', 'webview/tsconfig.json', 'test/e2e/tsconfig.json']
      .filter((p) => existsSync(join(projectRoot, p)))
      .map((p) => [node, 'node_modules/typescript/bin/tsc', '-p', p]),
  },
  // A fixed fast-check seed: the gate draws the same property cases every run (test:unit alone draws new ones).
  { name: 'unit', cmd: [node, 'scripts/test-unit.mjs'], env: { ATL_FC_SEED: '20261121' }, needsTests: 'test/unit' },
  { name: 'setup', cmd: [node, 'scripts/vscode/setup.mjs'] },
  { name: 'exthost', cmd: [node, 'scripts/vscode/run-exthost-tests.mjs'], after: ['build', 'setup'], needsTests: 'test/vscode' },
  { name: 'ui', cmd: [node, 'scripts/vscode/run-ui-tests.mjs'], after: ['build', 'setup'], needsTests: 'test/e2e' },
];

/** Lines of a failed step's output repeated after the summary: CI logs are often cut in the middle. */
const FAILURE_TAIL_LINES = 40;

/** Runs one command, streaming its output, and keeps the last lines for the summary. */
function run(cmd, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = [];
    let partial = '';
    const keep = (chunk) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      tail.push(...lines);
      if (tail.length > FAILURE_TAIL_LINES) tail.splice(0, tail.length - FAILURE_TAIL_LINES);
    };
    child.stdout.on('data', (chunk) => { process.stdout.write(chunk); keep(chunk); });
    child.stderr.on('data', (chunk) => { process.stderr.write(chunk); keep(chunk); });
    // A hung step must not hang CI: each has a hard limit (the runners also time out on their own).
    const timer = setTimeout(() => {
      tail.push(`[hard limit] killed after ${STEP_TIMEOUT_MS / 60_000} min`);
      child.kill('SIGKILL');
    }, STEP_TIMEOUT_MS);
    child.on('error', (error) => tail.push(`[spawn] ${error.message}`));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (partial) tail.push(partial);
      resolve({ ok: code === 0, tail });
    });
  });
}

const results = new Map();
const started = Date.now();
for (const step of steps) {
  let status;
  let seconds = 0;
  const tails = [];
  const blocker = (step.after ?? []).find((dep) => results.get(dep)?.status === 'FAILED');
  if (skipped.has(step.name)) status = 'skipped (--skip)';
  else if (blocker) status = `not run (${blocker} failed)`;
  else if (step.needsTests && !hasTests(join(projectRoot, step.needsTests))) status = `skipped (no ${step.needsTests}/**/*.test.ts)`;
  else {
    const t0 = Date.now();
    status = 'ok';
    for (const cmd of step.cmds ?? [step.cmd]) {
      const env = step.env ? { ...process.env, ...step.env } : process.env;
      const envText = Object.entries(step.env ?? {}).map(([k, v]) => `${k}=${v} `).join('');
      console.log(`\n=== ${step.name}: ${envText}${cmd.slice(1).join(' ')}`);
      const outcome = await run(cmd, env);
      if (!outcome.ok) {
        status = 'FAILED';
        tails.push(...outcome.tail);
      }
    }
    seconds = (Date.now() - t0) / 1000;
  }
  results.set(step.name, { status, seconds, tails });
}

console.log('\n=== summary');
for (const [name, { status, seconds }] of results) {
  console.log(`${name.padEnd(10)} ${status.padEnd(40)} ${seconds ? `${seconds.toFixed(1)} s` : ''}`);
}
const failed = [...results.values()].some((r) => r.status !== 'ok' && !r.status.startsWith('skipped'));
console.log(`total      ${failed ? 'FAILED' : 'ok'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const [name, { tails }] of results) {
  if (tails.length === 0) continue;
  console.log(`\n=== ${name} failed; the end of its output again:`);
  console.log(tails.join('\n'));
}
process.exit(failed ? 1 : 0);
