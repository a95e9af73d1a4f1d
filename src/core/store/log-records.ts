// Attached log records in payload segments: their identity (a digest of the JSON, so a log delivered
// twice is stored once) and reading them back.
import { createHash } from 'node:crypto';
import type { RawLogRecord } from '../model/types';
import type { PayloadPointer } from './segment-files';
import { checkRecord, recordBody } from './segment-records';

export function logDigest(json: string): string {
  return createHash('sha1').update(json).digest('hex');
}

/** Log records from rows of (seg, off, len); an unreadable record is left out. */
export function readLogRecords(
  payloads: { readMany(pointers: readonly PayloadPointer[]): Buffer[] }, rows: Array<Array<unknown>>,
): RawLogRecord[] {
  if (rows.length === 0) return [];
  const records = payloads.readMany(rows.map((r) => ({ seg: Number(r[0]), off: Number(r[1]), len: Number(r[2]) })));
  const logs: RawLogRecord[] = [];
  for (const record of records) {
    const check = checkRecord(record, 0);
    if (check.ok) logs.push(JSON.parse(recordBody(record, 0, check.totalBytes)) as RawLogRecord);
  }
  return logs;
}
