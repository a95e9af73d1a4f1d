// Opening a schema 1 snapshot: its spans kept the whole RawSpan JSON and a covering structure index.
// The old spans table is set aside, the schema 2 tables are created, and its spans are ingested again
// (logs stay where they are: the re-ingested spans pick them up). Rollups are rebuilt by the ingest.
import type { Database } from 'sql.js';
import type { DecodedRequest, RawSpan } from '../model/types';

const LEGACY_TABLE = 'spans_v1';
const CHUNK = 2000;

export interface LegacySpans {
  /** Re-ingest the set-aside spans into the new schema, then drop them. */
  copyInto(target: { ingest(request: DecodedRequest): unknown }): void;
}

function prepare(db: Database): LegacySpans {
  db.exec(`BEGIN;
    DROP INDEX IF EXISTS spans_by_start; DROP INDEX IF EXISTS spans_by_parent; DROP INDEX IF EXISTS spans_by_code_file;
    ALTER TABLE spans RENAME TO ${LEGACY_TABLE};
    DROP TABLE IF EXISTS traces;
    COMMIT;`);
  return {
    copyInto(target) {
      const statement = db.prepare(`SELECT rowid, raw FROM ${LEGACY_TABLE} WHERE rowid > ? ORDER BY rowid LIMIT ${CHUNK}`);
      try {
        let after = 0;
        for (;;) {
          statement.bind([after]);
          const spans: RawSpan[] = [];
          while (statement.step()) {
            const [rowid, raw] = statement.get();
            after = Number(rowid);
            spans.push(JSON.parse(String(raw)) as RawSpan);
          }
          statement.reset();
          if (spans.length === 0) break;
          target.ingest({ spans, logs: [] });
        }
      } finally {
        statement.free();
      }
      db.exec(`DROP TABLE ${LEGACY_TABLE}`);
    },
  };
}

export const migrateFromV1 = { prepare };
