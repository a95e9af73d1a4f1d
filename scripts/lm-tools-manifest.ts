// Writes the agent tools' `languageModelTools` entries into package.json from their one definition
// (src/core/agent-tools). Run after changing a tool: node --import tsx scripts/lm-tools-manifest.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageModelToolEntries } from '../src/ext/agent-tool-names';

const file = join(__dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
manifest.contributes.languageModelTools = languageModelToolEntries();
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${(manifest.contributes.languageModelTools as unknown[]).length} languageModelTools entries`);
