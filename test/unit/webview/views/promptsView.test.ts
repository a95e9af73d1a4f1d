import assert from 'node:assert/strict';
import { test } from 'node:test';
import { droppedColumns } from '../../../../webview/model/columns';
import { PROMPT_COLUMNS } from '../../../../webview/views/promptsView';

test('the Prompts table at a 300 px side bar keeps version, runs, pass rate and the Latest run button', () => {
  const dropped = droppedColumns(PROMPT_COLUMNS, 284);
  const kept = PROMPT_COLUMNS.map((c) => c.key).filter((k) => !dropped.includes(k));
  assert.deepEqual(kept, ['version', 'runs', 'pass', 'latest']);
  assert.equal(dropped[0], 'seen', 'first and last seen go first');
});
