// Mocha bootstrap that runs inside the VS Code extension host.
// scripts/vscode/run-exthost-tests.mjs bundles this file with every test/vscode/**/*.test.ts into
// out/test/vscode/index.js and exports `run = createRun([...suites])`; VS Code calls run() and reports
// its outcome (resolve = pass) back to the driver. console.log cannot be redirected inside the host,
// so the report is also appended to the file named by AGENT_TRACE_LENS_TEST_REPORT.
// Both `describe/it` (bdd) and `suite/test` (tdd) are available in suites.
import Mocha from 'mocha';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename, dirname, resolve } from 'node:path';

export interface SuiteFile {
  /** Project-relative path, shown in the report. */
  file: string;
  /** Evaluates the bundled module (deferred so mocha's globals exist first). */
  load: () => unknown;
}

export interface RunSummary {
  passes: number;
  failures: number;
  pending: number;
  durationMs: number;
  failed: { title: string; message: string }[];
}

const reportPath = process.env.AGENT_TRACE_LENS_TEST_REPORT;

function emit(line: string): void {
  console.log(line);
  if (reportPath) appendFileSync(reportPath, `${line}\n`);
}

function indentLines(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

let bundleMap: SourceMap | null | undefined;

/** Rewrites `index.js:line:col` frames of this bundle to the original .ts positions. */
function mapStack(stack: string): string {
  if (bundleMap === undefined) {
    const mapFile = `${__filename}.map`;
    bundleMap = existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null;
  }
  const map = bundleMap;
  if (!map) return stack;
  const bundleName = basename(__filename).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame = new RegExp(`[^\\s(]*${bundleName}:(\\d+):(\\d+)`, 'g');
  return stack.replace(frame, (whole, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return whole;
    const source = resolve(dirname(__filename), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } =
  Mocha.Runner.constants;

/** Spec-like reporter that writes every line to the console and the report file. */
class FileReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let depth = 0;
    const failures: { title: string; err: Error }[] = [];
    const pad = () => '  '.repeat(depth);
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (!suite.root) emit(`${pad()}${suite.title}`);
      depth++;
    });
    runner.on(EVENT_SUITE_END, () => {
      depth--;
    });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      emit(`${pad()}ok ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      emit(`${pad()}- ${test.title} (pending)`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test | Mocha.Hook, err: Error) => {
      failures.push({ title: test.fullTitle(), err });
      emit(`${pad()}FAIL ${test.title} [${failures.length}]`);
    });
    runner.once(EVENT_RUN_END, () => {
      const stats = this.stats;
      emit('');
      emit(`${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending (${stats.duration ?? 0} ms)`);
      failures.forEach(({ title, err }, i) => {
        emit('');
        emit(`[${i + 1}] ${title}`);
        emit(indentLines(mapStack(err.stack ?? String(err)), '    '));
      });
      const summary: RunSummary = {
        passes: stats.passes,
        failures: stats.failures,
        pending: stats.pending,
        durationMs: stats.duration ?? 0,
        failed: failures.map(({ title, err }) => ({ title, message: err.message })),
      };
      if (reportPath) writeFileSync(`${reportPath}.json`, JSON.stringify(summary, null, 2));
    });
  }
}

export function createRun(suites: SuiteFile[]): () => Promise<void> {
  return async () => {
    if (reportPath) writeFileSync(reportPath, '');
    const mocha = new Mocha({
      ui: 'bdd',
      color: false,
      timeout: Number(process.env.AGENT_TRACE_LENS_TEST_TIMEOUT ?? 60_000),
    });
    // Register tdd globals as well: both interfaces listen to the same pre-require event.
    Mocha.interfaces.tdd(mocha.suite);
    mocha.reporter(FileReporter);
    const grep = process.env.AGENT_TRACE_LENS_TEST_GREP;
    if (grep) mocha.grep(grep);

    for (const suite of suites) {
      mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, suite.file, mocha);
      suite.load();
      mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_POST_REQUIRE, globalThis, suite.file, mocha);
    }
    emit(`running ${suites.length} suite file(s) in VS Code ${await vscodeVersion()}`);

    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    if (failures > 0) throw new Error(`${failures} test(s) failed`);
  };
}

async function vscodeVersion(): Promise<string> {
  try {
    const vscode = await import('vscode');
    return `${vscode.version} (${vscode.env.appHost})`;
  } catch {
    return 'unknown';
  }
}
