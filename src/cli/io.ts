/** Where a command writes; main.ts binds it to the process, tests capture it. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Bad invocation: printed to stderr with a hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
