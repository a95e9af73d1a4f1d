// Architecture rules, enforced by reading every import:
//   src/core, src/receiver, src/store-worker, src/cli, src/protocol never import `vscode`;
//   webview/ imports no node built-in, no `vscode`, nothing from src/ext, and only types from src/core;
//   protocol, webview and src/core/compare take the store's data types from core/model, nothing from core/store;
//   the receiver needs only an ingest sink: it never imports the store worker;
//   nothing outside src/ext imports src/ext.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(__dirname, '..', '..');

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

/** Import/export-from/require/dynamic-import specifiers of a TS source. */
export function importsOf(source: string): ImportRef[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: ImportRef[] = [];
  const fromRe = /(?:^|[\s;])(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(fromRe)) {
    const clause = m[3] ?? '';
    // `import { type A, type B }` is type-only too.
    const braces = clause.match(/^\{([^}]*)\}$/);
    const allTypes = braces !== null && braces[1]!.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    out.push({ specifier: m[4]!, typeOnly: Boolean(m[2]) || allTypes });
  }
  for (const m of code.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/g)) out.push({ specifier: m[1]!, typeOnly: false });
  for (const m of code.matchAll(/\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ specifier: m[1]!, typeOnly: false });
  return out;
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...tsFiles(full));
    else if (/\.(ts|mts|cts|tsx)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isBuiltin = (s: string): boolean => s.startsWith('node:') || builtins.has(s) || builtins.has(s.split('/')[0]!);

function violations(files: string[], rule: (ref: ImportRef, file: string) => string | null): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const ref of importsOf(readFileSync(file, 'utf8'))) {
      const why = rule(ref, file);
      if (why) found.push(`${relative(root, file)}: '${ref.specifier}' (${why})`);
    }
  }
  return found;
}

function resolvesInto(file: string, specifier: string, folder: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const target = resolve(dirname(file), specifier);
  const base = join(root, folder);
  return target === base || target.startsWith(base + sep);
}

test('the import scanner sees every import form (self-check)', () => {
  const refs = importsOf([
    "import * as vscode from 'vscode';",
    "import type { A } from '../core/store';",
    "import { type B, type C } from './b';",
    "import { D, type E } from './d';",
    "export * from './e';",
    "import './side-effect';",
    "const fs = require('node:fs');",
    "await import('child_process');",
    "// import x from 'commented-out';",
  ].join('\n'));
  assert.deepEqual(refs.map((r) => `${r.specifier}${r.typeOnly ? ':type' : ''}`).sort(), [
    '../core/store:type', './b:type', './d', './e', './side-effect', 'child_process', 'node:fs', 'vscode',
  ]);
});

test('core, receiver, store worker, cli and protocol never import vscode', () => {
  const files = ['src/core', 'src/receiver', 'src/store-worker', 'src/cli', 'src/protocol'].flatMap((d) => tsFiles(join(root, d)));
  assert.ok(files.length > 0);
  assert.deepEqual(violations(files, (r) => (r.specifier === 'vscode' ? 'vscode in a core layer' : null)), []);
});

test('protocol imports only types from core', () => {
  const files = tsFiles(join(root, 'src/protocol'));
  assert.deepEqual(violations(files, (r, f) => {
    if (resolvesInto(f, r.specifier, 'src/protocol')) return null;
    if (isBuiltin(r.specifier)) return 'node built-in';
    if (!r.typeOnly) return 'value import from outside protocol';
    return resolvesInto(f, r.specifier, 'src/core') ? null : 'outside core';
  }), []);
});

test('the webview imports no node built-ins, no vscode, nothing from src/ext, only types from src/core', () => {
  const files = tsFiles(join(root, 'webview'));
  assert.ok(files.length > 0);
  assert.deepEqual(violations(files, (r, f) => {
    if (r.specifier === 'vscode') return 'vscode';
    if (isBuiltin(r.specifier)) return 'node built-in';
    if (resolvesInto(f, r.specifier, 'src/ext')) return 'extension host code';
    if (resolvesInto(f, r.specifier, 'src/core') && !r.typeOnly) return 'value import from core';
    if (['src/receiver', 'src/store-worker', 'src/cli'].some((layer) => resolvesInto(f, r.specifier, layer))) return 'host-only layer';
    return null;
  }), []);
});

test('protocol, webview and core/compare import nothing from core/store, not even types', () => {
  const files = ['src/protocol', 'webview', 'src/core/compare'].flatMap((d) => tsFiles(join(root, d)));
  assert.ok(files.length > 0);
  assert.deepEqual(violations(files, (r, f) => (
    resolvesInto(f, r.specifier, 'src/core/store') ? 'store module (take the data types from core/model)' : null
  )), []);
});

test('the storage interface, its views and the store data types are types only, built on core/model and the ingest sink', () => {
  const files = ['src/core/store/api.ts', 'src/core/store/views.ts', 'src/core/model/store-types.ts'].map((f) => join(root, f));
  assert.deepEqual(violations(files, (r, f) => {
    if (!r.typeOnly) return 'value import';
    const target = resolve(dirname(f), r.specifier);
    const allowed = target === join(root, 'src/core/store/api') || target === join(root, 'src/core/ingest/sink');
    return resolvesInto(f, r.specifier, 'src/core/model') || allowed ? null : 'outside core/model';
  }), []);
  const runtime = files.filter((f) => /^\s*(export\s+)?(const|let|var|function|class|enum)\s/m.test(readFileSync(f, 'utf8')));
  assert.deepEqual(runtime.map((f) => relative(root, f)), []);
});

test('the receiver never imports the store worker', () => {
  const files = tsFiles(join(root, 'src/receiver'));
  assert.ok(files.length > 0);
  assert.deepEqual(violations(files, (r, f) => (resolvesInto(f, r.specifier, 'src/store-worker') ? 'store worker' : null)), []);
});

test('the store worker and core never import the receiver (the ingest sink and its errors are in core/ingest)', () => {
  const files = ['src/store-worker', 'src/core'].flatMap((d) => tsFiles(join(root, d)));
  assert.ok(files.some((f) => f.startsWith(join(root, 'src', 'core', 'ingest') + sep)));
  assert.deepEqual(violations(files, (r, f) => (resolvesInto(f, r.specifier, 'src/receiver') ? 'receiver' : null)), []);
});

test('nothing outside src/ext imports src/ext', () => {
  const files = [...tsFiles(join(root, 'src')), ...tsFiles(join(root, 'webview'))]
    .filter((f) => !f.startsWith(join(root, 'src', 'ext') + sep));
  assert.deepEqual(violations(files, (r, f) => (resolvesInto(f, r.specifier, 'src/ext') ? 'imports the extension layer' : null)), []);
});
