// A thin layer over a sql.js Database: cached prepared statements and row helpers.
import type { Database, SqlValue, Statement } from 'sql.js';

export class Sql {
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: Database) {}

  stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all(sql: string, params: SqlValue[] = []): SqlValue[][] {
    const statement = this.stmt(sql);
    statement.bind(params);
    const rows: SqlValue[][] = [];
    try {
      while (statement.step()) rows.push(statement.get());
    } finally {
      statement.reset();
    }
    return rows;
  }

  /** Rows one at a time from a statement of its own (safe while other queries run). */
  *each(sql: string, params: SqlValue[] = []): Generator<SqlValue[]> {
    const statement = this.db.prepare(sql);
    try {
      statement.bind(params);
      while (statement.step()) yield statement.get();
    } finally {
      statement.free();
    }
  }

  first(sql: string, params: SqlValue[] = []): SqlValue[] | null {
    const statement = this.stmt(sql);
    statement.bind(params);
    try {
      return statement.step() ? statement.get() : null;
    } finally {
      statement.reset();
    }
  }

  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params: (SqlValue | bigint)[] = []): number {
    const statement = this.stmt(sql);
    statement.run(params as SqlValue[]);
    return this.db.getRowsModified();
  }

  lastInsertId(): number {
    return Number(this.first('SELECT last_insert_rowid()')![0]);
  }

  close(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
    this.db.close();
  }
}

export function text(value: SqlValue): string | null {
  return value === null ? null : String(value);
}

export function num(value: SqlValue): number | null {
  return value === null ? null : Number(value);
}
