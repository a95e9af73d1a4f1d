import { loadSqlJs } from './src/core/store/sqljs';
(async () => {
  const SQL = await loadSqlJs();
  for (const mode of ['text', 'ints']) {
    const db = new SQL.Database();
    db.exec(`CREATE TABLE spans (trace INTEGER, span_id TEXT, parent TEXT, name ${mode==='text'?'TEXT':'INTEGER'}, kind ${mode==='text'?'TEXT':'INTEGER'}, s INTEGER, e INTEGER, status ${mode==='text'?'TEXT':'INTEGER'}, et TEXT, prov ${mode==='text'?'TEXT':'INTEGER'}, model ${mode==='text'?'TEXT':'INTEGER'}, i INTEGER, o INTEGER, c REAL, tool ${mode==='text'?'TEXT':'INTEGER'}, agent ${mode==='text'?'TEXT':'INTEGER'}, wl ${mode==='text'?'TEXT':'INTEGER'}, conv TEXT, usr ${mode==='text'?'TEXT':'INTEGER'}, pn TEXT, pv TEXT, code INTEGER, hu INTEGER, res INTEGER, seg INTEGER, off INTEGER, len INTEGER, PRIMARY KEY (trace, span_id)) WITHOUT ROWID`);
    db.exec('CREATE INDEX p ON spans (trace, parent) WHERE hu = 1');
    const st = db.prepare(`INSERT OR IGNORE INTO spans VALUES (${Array(27).fill('?').join(',')})`);
    const t = performance.now();
    db.exec('BEGIN');
    for (let k = 0; k < 100000; k++) {
      const tr = k >> 4;
      const row = mode === 'text'
        ? [tr, (k+1e15).toString(16), (tr+1e15).toString(16), 'chat gpt-4o-mini', 'llm', String(1760000000000000000n + BigInt(k)), String(1760000000000000000n + BigInt(k) + 5n), 'ok', null, 'openai', 'gpt-4o-mini', 1200, 300, 0.0012, 'web_search', 'support-agent', 'wl-3', 'conv-'+tr, 'user-42', null, null, 3, 1, 1, 1, k*1100, 1100]
        : [tr, (k+1e15).toString(16), (tr+1e15).toString(16), 5, 1, String(1760000000000000000n + BigInt(k)), String(1760000000000000000n + BigInt(k) + 5n), 1, null, 2, 3, 1200, 300, 0.0012, 4, 6, 7, 'conv-'+tr, 8, null, null, 3, 1, 1, 1, k*1100, 1100];
      st.run(row as any);
    }
    db.exec('COMMIT');
    const ms = performance.now() - t;
    const bytes = db.export().length;
    console.log(mode, 'rows/s', Math.round(100000 / ms * 1000), 'B/row', Math.round(bytes / 100000));
    const q = db.prepare("SELECT typeof(s), s FROM spans LIMIT 1"); q.step(); console.log(q.get());
  }
  const db = new SQL.Database(); db.exec('CREATE TABLE t (a INTEGER)'); const s = db.prepare('INSERT INTO t VALUES (?)'); s.run(['18446744073709551615']); s.run(['09223372036854775808']);
  const q = db.prepare('SELECT typeof(a), CAST(a AS TEXT) FROM t ORDER BY a'); while (q.step()) console.log(q.get());
})();
