// The per-store key of hash mode: random bytes in the store folder, so equal values hash alike across
// every session of that store and differently in any other store.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const REDACTION_KEY_FILE = 'redaction.key';
const KEY_BYTES = 32;

/** The folder's key, created (owner-only) on first use; a fresh random key for a store in memory. */
export function storeRedactionKey(dir: string | null): Uint8Array {
  if (dir === null) return randomBytes(KEY_BYTES);
  const file = path.join(dir, REDACTION_KEY_FILE);
  try {
    const key = fs.readFileSync(file);
    if (key.length === KEY_BYTES) return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(KEY_BYTES);
  const draft = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(draft, key, { mode: 0o600 });
  fs.renameSync(draft, file);
  return key;
}
