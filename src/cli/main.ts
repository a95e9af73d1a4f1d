// Entry of the `trace-lens` binary (bundled to dist/cli.js).
import { runCli } from './cli';

const io = {
  stdout: (s: string): void => void process.stdout.write(s),
  stderr: (s: string): void => void process.stderr.write(s),
};

function finish(code: number): void {
  // exitCode instead of exit(): lets a large stdout write drain first.
  process.exitCode = code;
  // A lingering handle (keep-alive socket, timer) must not keep a finished command alive.
  setTimeout(() => process.exit(code), 3000).unref();
}

runCli(process.argv.slice(2), io).then(finish, (error: unknown) => {
  process.stderr.write(`trace-lens: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  finish(1);
});
