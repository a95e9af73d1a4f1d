// A `trace-lens serve` child process, ready once it printed its "listening" line (both ports chosen by the OS).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServedProcess {
  child: ChildProcess;
  httpPort: number;
  grpcPort: number;
  stdout: () => string;
  stderr: () => string;
}

/**
 * Spawns `node <entry...> serve --db DB --http-port 0 --grpc-port 0 <extra>` in `cwd`; the child goes into
 * `children` at once, so the caller's cleanup kills it even when it never gets ready.
 */
export async function spawnServe(
  entry: string[], db: string, cwd: string, children: ChildProcess[], extra: string[] = [],
): Promise<ServedProcess> {
  const child = spawn(process.execPath, [...entry, 'serve', '--db', db, '--http-port', '0', '--grpc-port', '0', ...extra], { cwd });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${err}`)));
  });
  const match = /^listening http=127\.0\.0\.1:(\d+) grpc=127\.0\.0\.1:(\d+)$/.exec(line);
  assert.ok(match, `unexpected ready line: ${line}`);
  return { child, httpPort: Number(match[1]), grpcPort: Number(match[2]), stdout: () => out, stderr: () => err };
}
