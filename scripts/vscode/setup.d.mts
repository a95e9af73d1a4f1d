export interface VscodeTestKit {
  node: string;
  codeServerEntry: string;
  chromium: string;
}
export function node24Binary(): string;
export function ensureVscodeTestKit(options?: { force?: boolean; quiet?: boolean }): Promise<VscodeTestKit>;
