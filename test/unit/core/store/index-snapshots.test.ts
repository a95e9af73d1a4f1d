// Incremental index snapshots: a base plus delta frame sets load back to the database as last written;
// a torn frame set or a delta left beside a newer base is never applied.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DELTA_FILE, IndexSnapshotWriter, loadIndexImage } from '../../../../src/core/store/index-snapshots';
import { loadSqlJs } from '../../../../src/core/store/sqljs';
import { removeDir, tempDir } from './helpers';

async function database() {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)');
  return { SQL, db };
}

function rows(SQL: Awaited<ReturnType<typeof loadSqlJs>>, image: Uint8Array | null): unknown[][] {
  assert.ok(image, 'an image was loaded');
  const copy = new SQL.Database(image);
  try {
    return copy.exec('SELECT k, v FROM t ORDER BY k')[0]?.values ?? [];
  } finally {
    copy.close();
  }
}

describe('index snapshots', () => {
  it('writes a base first, then deltas of only the changed pages, and loads the newest state', async () => {
    const dir = tempDir('snapshots');
    const { SQL, db } = await database();
    try {
      const writer = new IndexSnapshotWriter(dir);
      const stamp = (id: number) => db.exec(`PRAGMA user_version = ${id}`);
      for (let k = 1; k <= 2000; k++) db.run('INSERT INTO t VALUES (?, ?)', [k, `value ${k}`.padEnd(100, '.')]);
      const base = writer.write(() => db.export(), stamp);
      assert.equal(base, fs.statSync(path.join(dir, 'index.sqlite')).size + 8, 'a whole base and an empty delta');
      db.run('UPDATE t SET v = ? WHERE k = 1500', ['changed']);
      db.run('INSERT INTO t VALUES (?, ?)', [5000, 'new']);
      const delta = writer.write(() => db.export(), stamp);
      assert.ok(delta < base / 10, `the delta (${delta} B) holds a few pages, not the base (${base} B)`);
      const loaded = loadIndexImage(dir);
      assert.equal(loaded.frames, 1);
      const expected = db.exec('SELECT k, v FROM t ORDER BY k')[0]!.values;
      assert.deepEqual(rows(SQL, loaded.image), expected);
    } finally {
      db.close();
      removeDir(dir);
    }
  });

  it('ignores a torn last frame set and a delta that belongs to another base', async () => {
    const dir = tempDir('snapshots-torn');
    const { SQL, db } = await database();
    try {
      const writer = new IndexSnapshotWriter(dir);
      const stamp = (id: number) => db.exec(`PRAGMA user_version = ${id}`);
      // Big enough that a few changed pages stay a delta (a new base comes once the delta passes half the base).
      for (let k = 100; k < 2100; k++) db.run('INSERT INTO t VALUES (?, ?)', [k, 'x'.repeat(100)]);
      db.run('INSERT INTO t VALUES (1, ?)', ['first']);
      writer.write(() => db.export(), stamp);
      db.run('INSERT INTO t VALUES (2, ?)', ['second']);
      writer.write(() => db.export(), stamp);
      const afterTwo = db.exec('SELECT k, v FROM t ORDER BY k')[0]!.values;
      db.run('INSERT INTO t VALUES (3, ?)', ['third']);
      writer.write(() => db.export(), stamp);
      const file = path.join(dir, DELTA_FILE);
      fs.truncateSync(file, fs.statSync(file).size - 10); // the last frame set is torn
      assert.deepEqual(rows(SQL, loadIndexImage(dir).image), afterTwo);

      // A crash between a new base and its fresh delta leaves the old delta: it names the old base.
      const oldDelta = fs.readFileSync(file);
      const other = new IndexSnapshotWriter(dir);
      db.run('INSERT INTO t VALUES (4, ?)', ['fourth']);
      other.write(() => db.export(), stamp);
      fs.writeFileSync(file, oldDelta);
      const loaded = loadIndexImage(dir);
      assert.equal(loaded.frames, 0);
      assert.deepEqual(rows(SQL, loaded.image), db.exec('SELECT k, v FROM t ORDER BY k')[0]!.values);
    } finally {
      db.close();
      removeDir(dir);
    }
  });
});
