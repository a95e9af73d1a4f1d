/** Small readers over decoded OTLP attributes (values may be strings, numbers, JSON text or kvlists). */
import type { AttrValue, Attributes } from '../model/types';

export function readString(attrs: Attributes, key: string): string | null {
  const v = attrs[key];
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

export function readInt(attrs: Attributes, key: string): number | null {
  const v = attrs[key];
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  return null;
}

/** A kvlist, or a string holding a JSON object, as a plain object; else null. */
export function readObject(attrs: Attributes, key: string): Record<string, AttrValue> | null {
  return asObject(attrs[key]);
}

export function asObject(v: AttrValue | undefined): Record<string, AttrValue> | null {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
  if (typeof v === 'string' && v.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, AttrValue>;
    } catch {
      return null;
    }
  }
  return null;
}

/** A scalar as text (objects/arrays as JSON text); null for null/undefined. */
export function scalarText(v: AttrValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
