import { loadSqlJs } from './src/core/store/sqljs';
(async () => {
  const SQL: any = await loadSqlJs();
  console.log(Object.keys(SQL).slice(0, 50));
  const db: any = new SQL.Database();
  console.log(Object.keys(db));
})();
