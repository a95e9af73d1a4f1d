import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copilotOtelChanges } from '../../../../src/core/agents-setup/copilot-settings';

const unset = { enabled: undefined, captureContent: undefined, exporterType: undefined, otlpEndpoint: undefined };

test('with nothing set and our default port, only enabled is written (its default endpoint is ours)', () => {
  assert.deepEqual(copilotOtelChanges(unset, 'http://127.0.0.1:4318', false), [{ key: 'enabled', value: true }]);
});

test('content capture is written as chosen, both ways', () => {
  assert.deepEqual(copilotOtelChanges(unset, 'http://127.0.0.1:4318', true), [
    { key: 'enabled', value: true },
    { key: 'captureContent', value: true },
  ]);
  assert.deepEqual(copilotOtelChanges({ ...unset, enabled: true, captureContent: true }, 'http://127.0.0.1:4318', false), [
    { key: 'captureContent', value: false },
  ]);
});

test('another port, another host or another exporter type is pointed at our listener', () => {
  assert.deepEqual(copilotOtelChanges({ ...unset, enabled: true }, 'http://127.0.0.1:5000', false), [
    { key: 'otlpEndpoint', value: 'http://127.0.0.1:5000' },
  ]);
  assert.deepEqual(
    copilotOtelChanges({ enabled: true, captureContent: false, exporterType: 'otlp-grpc', otlpEndpoint: 'http://collector.example:4318' }, 'http://127.0.0.1:4318', false),
    [{ key: 'exporterType', value: 'otlp-http' }, { key: 'otlpEndpoint', value: 'http://127.0.0.1:4318' }],
  );
});

test('already set up: nothing to change', () => {
  assert.deepEqual(copilotOtelChanges({ ...unset, enabled: true, otlpEndpoint: 'http://localhost:4318/' }, 'http://127.0.0.1:4318', false), []);
});
