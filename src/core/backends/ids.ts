// Shared bits of the remote clients: options, trace ids as backends spell them.
export interface RemoteClientOptions {
  /** Sent with every request (auth); from SecretStorage in the editor, never from settings. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** The attribute naming the workload (agentTraceLens.workloadAttribute). */
  workloadKey?: string;
}

/** Lowercase 32-hex trace id; shorter hex ids (Tempo drops leading zeros) are left-padded. */
export function normalizeTraceId(raw: string): string {
  const id = raw.trim().toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(id)) throw new Error(`"${raw}" is not a trace id (up to 32 hex characters)`);
  return id.padStart(32, '0');
}
