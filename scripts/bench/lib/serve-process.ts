// `trace-lens serve` as a child process, as a user runs it, plus what /proc says about it (Linux only).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

/** How to run the CLI: from source through tsx when present, else the bundle from `node scripts/build.mjs`. */
export function cliCommand(): { args: string[]; label: string } {
  const source = path.join(ROOT, 'src', 'cli', 'main.ts');
  if (fs.existsSync(source)) return { args: ['--import', 'tsx', source], label: 'src/cli/main.ts (tsx)' };
  const bundle = path.join(ROOT, 'dist', 'cli.js');
  if (fs.existsSync(bundle)) return { args: [bundle], label: 'dist/cli.js' };
  throw new Error('no trace-lens entry: neither src/cli/main.ts nor dist/cli.js exists');
}

/** Runs a short `trace-lens` command to completion and returns its stdout (throws on a non-zero exit). */
export function runCli(args: string[]): string {
  const run = spawnSync(process.execPath, [...cliCommand().args, ...args], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 1024 ** 3,
  });
  if (run.status !== 0) throw new Error(`trace-lens ${args[0]} exited ${run.status ?? run.signal}: ${run.stderr}`);
  return run.stdout;
}

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  /** The bound OTLP/HTTP port, read from serve's `listening http=HOST:PORT ...` line. */
  httpPort: number;
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
}

/** Starts `trace-lens serve --db DIR` on free ports (127.0.0.1 is serve's default host). */
export async function startServe(dir: string, timeoutMs = 60_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...cliCommand().args, 'serve', '--db', dir, '--http-port', '0', '--grpc-port', '0'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const httpPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not report its port within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening http=\S*:(\d+)\s/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before listening: ${stderr}`));
    });
  });
  child.stdout!.resume();
  return { child, pid: child.pid!, httpPort, stderr: () => stderr, exited };
}

export interface IoCounters {
  /** Bytes passed to write()/pwrite() and the like (page cache or not). */
  wchar: number;
  /** Bytes the process caused to be sent to the storage layer. */
  writeBytes: number;
  /** Dirty page-cache bytes that were dropped before writeback (truncated or deleted files). */
  cancelledWriteBytes: number;
}

/** /proc/<pid>/io of a process (all its threads), or null once it is gone. */
export function readIo(pid: number): IoCounters | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s*(\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
    return { wchar: field('wchar'), writeBytes: field('write_bytes'), cancelledWriteBytes: field('cancelled_write_bytes') };
  } catch {
    return null;
  }
}

/** VmRSS and VmHWM (peak) of a process in bytes, or null once it is gone. */
export function readMemory(pid: number): { rss: number; hwm: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string): number => Number(new RegExp(`^${name}:\\s*(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Total size of the files under a folder. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return total;
}
