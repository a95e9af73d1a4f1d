// Small tables kept whole in memory: resources (+ their service name), code locations and the strings
// that repeat across spans (kind, status, model, tool, workload...). All are few (one per process and
// scope, one per emitting line, one per model or tool) and a span row refers to them by id.
import type { CodeLocation, RawSpan } from '../model/types';
import { MAX_RESOURCE_ID } from './segment-records';
import type { SharedResource } from './span-rows';
import type { Sql } from './sql';

export class ResourceTable {
  private readonly idByJson = new Map<string, number>();
  private readonly jsonById = new Map<number, string>();
  private readonly serviceById = new Map<number, string | null>();
  private parsed = new Map<number, SharedResource>();
  private maxId = 0;

  constructor(private readonly sql: Sql) {
    this.reload();
  }

  reload(): void {
    this.idByJson.clear();
    this.jsonById.clear();
    this.serviceById.clear();
    this.parsed = new Map();
    this.maxId = 0;
    for (const [id, json, service] of this.sql.all('SELECT id, json, service FROM resources')) {
      this.remember(Number(id), String(json), service === null ? null : String(service));
    }
  }

  private remember(id: number, json: string, service: string | null): void {
    this.idByJson.set(json, id);
    this.jsonById.set(id, json);
    this.serviceById.set(id, service);
    this.maxId = Math.max(this.maxId, id);
  }

  static json(raw: Pick<RawSpan, 'resource' | 'scope'>): string {
    return JSON.stringify({ resource: raw.resource, scope: raw.scope });
  }

  /** The id of this resource + scope; `created` is true when it is new (its record must be written). */
  idFor(json: string, service: string | null): { id: number; created: boolean } {
    const known = this.idByJson.get(json);
    if (known !== undefined) return { id: known, created: false };
    const id = this.maxId + 1;
    if (id > MAX_RESOURCE_ID) throw new Error('too many distinct resources in the trace store');
    this.insert(id, json, service);
    return { id, created: true };
  }

  /** Replay: a resource record read back from a segment. */
  insert(id: number, json: string, service: string | null): void {
    if (this.jsonById.has(id)) return;
    this.sql.run('INSERT OR IGNORE INTO resources (id, json, service) VALUES (?, ?, ?)', [id, json, service]);
    this.remember(id, json, service);
  }

  jsonOf(id: number): string | undefined {
    return this.jsonById.get(id);
  }

  service(id: number): string | null {
    return this.serviceById.get(id) ?? null;
  }

  /** Parsed once and shared by every span that refers to it. */
  shared(id: number): SharedResource {
    let shared = this.parsed.get(id);
    if (!shared) {
      const json = this.jsonById.get(id);
      if (json === undefined) throw new Error(`trace store: missing resource ${id}`);
      this.parsed.set(id, (shared = JSON.parse(json) as SharedResource));
    }
    return shared;
  }
}

export class CodeTable {
  private readonly idByJson = new Map<string, number>();
  private readonly idByKey = new Map<string, number>();
  private readonly byId = new Map<number, CodeLocation>();

  constructor(private readonly sql: Sql) {
    this.reload();
  }

  reload(): void {
    this.idByJson.clear();
    this.idByKey.clear();
    this.byId.clear();
    for (const [id, json] of this.sql.all('SELECT id, json FROM code_locations')) {
      this.idByJson.set(String(json), Number(id));
      this.byId.set(Number(id), JSON.parse(String(json)) as CodeLocation);
    }
  }

  idFor(code: CodeLocation | null): number | null {
    if (!code) return null;
    // A cheap key first (this runs for every span); the JSON is only built for a new location.
    const key = `${code.filePath}\u0000${code.line}\u0000${code.column}\u0000${code.function}\u0000${code.stacktrace}`;
    let id = this.idByKey.get(key);
    if (id !== undefined) return id;
    const json = JSON.stringify(code);
    id = this.idByJson.get(json);
    if (id === undefined) {
      this.sql.run('INSERT INTO code_locations (file, line, json) VALUES (?, ?, ?)', [code.filePath, code.line, json]);
      id = this.sql.lastInsertId();
      this.idByJson.set(json, id);
      this.byId.set(id, code);
    }
    this.idByKey.set(key, id);
    return id;
  }

  /** A copy, so callers may change what they get. */
  get(id: number | null): CodeLocation | null {
    if (id === null) return null;
    const code = this.byId.get(id);
    return code ? { ...code } : null;
  }
}

/** Low-cardinality span fields stored once; a row keeps the id (1-2 bytes instead of the text). */
export class StringTable {
  private readonly idByValue = new Map<string, number>();
  private readonly valueById = new Map<number, string>();

  constructor(private readonly sql: Sql) {
    this.reload();
  }

  reload(): void {
    this.idByValue.clear();
    this.valueById.clear();
    for (const [id, value] of this.sql.all('SELECT id, value FROM strings')) {
      this.idByValue.set(String(value), Number(id));
      this.valueById.set(Number(id), String(value));
    }
  }

  id(value: string | null): number | null {
    if (value === null) return null;
    let id = this.idByValue.get(value);
    if (id === undefined) {
      this.sql.run('INSERT INTO strings (value) VALUES (?)', [value]);
      id = this.sql.lastInsertId();
      this.idByValue.set(value, id);
      this.valueById.set(id, value);
    }
    return id;
  }

  value(id: unknown): string | null {
    return id === null || id === undefined ? null : this.valueById.get(Number(id)) ?? null;
  }
}
