import fs from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | null = null;

/** The wasm sits next to the bundle in dist/; from source it comes from node_modules. */
export function locateSqlWasm(): string {
  const bundled = path.join(__dirname, 'sql-wasm.wasm');
  if (fs.existsSync(bundled)) return bundled;
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}

/** Load sql.js once per process (or worker thread). */
export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!loading) {
    const wasmPath = locateSqlWasm();
    loading = initSqlJs({ locateFile: () => wasmPath });
    loading.catch(() => { loading = null; });
  }
  return loading;
}
