import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractCodeLocation, type ExtractCodeLocationOptions } from '../../../../src/core/links/code-location';
import { AttrReader } from '../../../../src/core/model/attributes';
import { readCodeLocation } from '../../../../src/core/model/code-location';
import type { Attributes } from '../../../../src/core/model/types';
import { isRuntimeFrame, parseStackFrames } from '../../../../src/core/links/stack-frames';


/** A span as the store gives it: the recorded attributes and events, with `code` read by the normalizer's reader. */
function extract(
  span: { attributes: Attributes; events?: Array<{ name: string; attributes: Attributes }> }, options?: ExtractCodeLocationOptions,
) {
  const events = (span.events ?? []).map((e) => ({ ...e, timeUnixNano: '0' }));
  return extractCodeLocation({ code: readCodeLocation(new AttrReader(span.attributes), events), events }, options);
}

describe('extractCodeLocation from attributes', () => {
  it('reads the current code.* names', () => {
    const loc = extract({
      attributes: {
        'code.file.path': '/app/src/agent.ts',
        'code.line.number': 42,
        'code.column.number': 7,
        'code.function.name': 'answerQuestion',
      },
    });
    assert.deepEqual(loc, {
      filePath: '/app/src/agent.ts',
      line: 42,
      column: 7,
      function: 'answerQuestion',
      source: 'attributes',
      inWorkspace: true,
    });
  });

  it('reads the pre-1.30 names and joins code.namespace with code.function', () => {
    const loc = extract({
      attributes: {
        'code.filepath': 'agent/tools.py',
        'code.lineno': '12',
        'code.column': '3',
        'code.function': 'lookup_order',
        'code.namespace': 'agent.tools',
      },
    });
    assert.equal(loc?.filePath, 'agent/tools.py');
    assert.equal(loc?.line, 12);
    assert.equal(loc?.column, 3);
    assert.equal(loc?.function, 'agent.tools.lookup_order');
  });

  it('prefers the new name when both are present', () => {
    const loc = extract({
      attributes: { 'code.file.path': 'new.ts', 'code.filepath': 'old.ts', 'code.line.number': 2, 'code.lineno': 9 },
    });
    assert.equal(loc?.filePath, 'new.ts');
    assert.equal(loc?.line, 2);
  });

  it('reads the normalized span code field (not the attributes again)', () => {
    const loc = extractCodeLocation({
      code: { filePath: 'src/x.ts', line: 5, column: null, function: 'f', stacktrace: null },
    });
    assert.equal(loc?.filePath, 'src/x.ts');
    assert.equal(loc?.line, 5);
  });

  it('returns null when the span says nothing about code', () => {
    assert.equal(extract({ attributes: { 'gen_ai.operation.name': 'chat' }, events: [] }), null);
  });

  it('keeps a function-only location when there is no file and no stack', () => {
    const loc = extract({ attributes: { 'code.function.name': 'plan' } });
    assert.equal(loc?.filePath, null);
    assert.equal(loc?.function, 'plan');
  });
});

const NODE_STACK = `Error: boom
    at Object.<anonymous> (/app/node_modules/openai/core.js:10:5)
    at node:internal/process/task_queues:95:5
    at async Promise.all (index 0)
    at lookupOrder (/app/src/tools.ts:31:11)
    at async answer (file:///app/src/agent.ts:88:20)
    at /app/src/run.ts:4:1`;

describe('extractCodeLocation from stack traces', () => {
  it('takes the first Node frame outside node_modules and node internals', () => {
    const loc = extract({ attributes: { 'code.stacktrace': NODE_STACK } });
    assert.equal(loc?.source, 'stacktrace');
    assert.equal(loc?.filePath, '/app/src/tools.ts');
    assert.equal(loc?.line, 31);
    assert.equal(loc?.column, 11);
    assert.equal(loc?.function, 'lookupOrder');
  });

  it('uses the workspace predicate to pick a frame', () => {
    const loc = extract(
      { attributes: { 'code.stacktrace': NODE_STACK } },
      { isWorkspacePath: (p) => p.includes('agent.ts') },
    );
    assert.equal(loc?.filePath, 'file:///app/src/agent.ts');
    assert.equal(loc?.line, 88);
    assert.equal(loc?.function, 'answer');
    assert.equal(loc?.inWorkspace, true);
  });

  it('falls back to the first user frame and says so when the predicate accepts none', () => {
    const loc = extract({ attributes: { 'code.stacktrace': NODE_STACK } }, { isWorkspacePath: () => false });
    assert.equal(loc?.filePath, '/app/src/tools.ts');
    assert.equal(loc?.inWorkspace, false);
  });

  it('reads the exception event when there is no code attribute', () => {
    const python = `Traceback (most recent call last):
  File "/srv/bot/agent.py", line 40, in run
    answer = call_model(q)
  File "/srv/bot/model.py", line 12, in call_model
    return client.chat(q)
  File "/usr/lib/python3.12/site-packages/openai/_client.py", line 99, in chat
    raise APIError()
openai.APIError: nope`;
    const loc = extract({
      attributes: {},
      events: [
        { name: 'log', attributes: {} },
        { name: 'exception', attributes: { 'exception.type': 'APIError', 'exception.stacktrace': python } },
      ],
    });
    assert.equal(loc?.source, 'exception');
    // innermost user frame: Python prints it last
    assert.equal(loc?.filePath, '/srv/bot/model.py');
    assert.equal(loc?.line, 12);
    assert.equal(loc?.function, 'call_model');
  });

  it('prefers attributes over a stack', () => {
    const loc = extract({ attributes: { 'code.file.path': 'a.ts', 'code.stacktrace': NODE_STACK } });
    assert.equal(loc?.filePath, 'a.ts');
    assert.equal(loc?.source, 'attributes');
  });

  it('returns null when every frame is a runtime frame', () => {
    const stack = 'Error\n    at new Promise (<anonymous>)\n    at node:internal/timers:1:1';
    assert.equal(extract({ attributes: { 'code.stacktrace': stack } }), null);
  });
});

describe('parseStackFrames', () => {
  it('parses Windows paths in V8 frames', () => {
    const [frame] = parseStackFrames('    at run (C:\\work\\bot\\src\\agent.ts:10:2)');
    assert.deepEqual(
      { filePath: frame?.filePath, line: frame?.line, column: frame?.column, fn: frame?.function },
      { filePath: 'C:\\work\\bot\\src\\agent.ts', line: 10, column: 2, fn: 'run' },
    );
  });

  it('parses paths with parentheses and constructors', () => {
    const [frame] = parseStackFrames('at new Agent (/home/me/my (copy)/agent.js:3:9)');
    assert.equal(frame?.filePath, '/home/me/my (copy)/agent.js');
    assert.equal(frame?.function, 'Agent');
  });

  it('parses Java frames and derives the directory from the package', () => {
    const frames = parseStackFrames(`java.lang.IllegalStateException: x
\tat com.acme.bot.Agent.answer(Agent.java:57)
\tat java.base/java.lang.Thread.run(Thread.java:829)
\tat jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)`);
    assert.equal(frames.length, 3);
    assert.equal(frames[0]?.filePath, 'com/acme/bot/Agent.java');
    assert.equal(frames[0]?.line, 57);
    assert.equal(frames[0]?.function, 'com.acme.bot.Agent.answer');
    assert.equal(isRuntimeFrame(frames[0]!), false);
    assert.equal(isRuntimeFrame(frames[1]!), true);
    assert.equal(isRuntimeFrame(frames[2]!), true);
  });

  it('parses .NET and Firefox-style frames', () => {
    const [dotnet] = parseStackFrames('   at Bot.Agent.Answer() in C:\\src\\Bot\\Agent.cs:line 42');
    assert.equal(dotnet?.filePath, 'C:\\src\\Bot\\Agent.cs');
    assert.equal(dotnet?.line, 42);
    const [gecko] = parseStackFrames('answer@http://localhost:5173/src/agent.ts:12:4');
    assert.equal(gecko?.filePath, 'http://localhost:5173/src/agent.ts');
    assert.equal(gecko?.function, 'answer');
    assert.equal(gecko?.column, 4);
  });

  it('parses Go stacks (function line, then file line) and skips GOROOT and module-cache frames', () => {
    const frames = parseStackFrames(`goroutine 1 [running]:
runtime/debug.Stack()
\t/usr/local/go/src/runtime/debug/stack.go:26 +0x5e
github.com/acme/bot/agent.(*Agent).Answer(0xc000010000, {0x4b2f60, 0x5})
\t/app/agent/agent.go:42 +0x1d
github.com/sashabaranov/go-openai.(*Client).CreateChatCompletion(...)
\t/root/go/pkg/mod/github.com/sashabaranov/go-openai@v1.20.0/chat.go:310
main.main()
\t/app/main.go:12 +0x25
created by main.serve in goroutine 1
\t/app/server.go:7 +0x3f`);
    assert.deepEqual(frames.map((f) => [f.filePath, f.line, f.function, isRuntimeFrame(f)]), [
      ['/usr/local/go/src/runtime/debug/stack.go', 26, 'runtime/debug.Stack', true],
      ['/app/agent/agent.go', 42, 'github.com/acme/bot/agent.(*Agent).Answer', false],
      ['/root/go/pkg/mod/github.com/sashabaranov/go-openai@v1.20.0/chat.go', 310, 'github.com/sashabaranov/go-openai.(*Client).CreateChatCompletion', true],
      ['/app/main.go', 12, 'main.main', false],
      ['/app/server.go', 7, 'main.serve', false],
    ]);
    const loc = extract({ attributes: {}, events: [{ name: 'exception', attributes: { 'exception.stacktrace': frames.map((f) => f.raw).join('\n') } }] });
    assert.equal(loc?.filePath, '/app/agent/agent.go');
  });

  it('parses Ruby full_message stacks, old and 3.4 quoting, and skips gems and the standard library', () => {
    const frames = parseStackFrames(`/usr/local/bundle/gems/faraday-2.9.0/lib/faraday/response.rb:42:in \`on_complete': the server responded with status 500 (Faraday::ServerError)
\tfrom /usr/local/lib/ruby/3.3.0/net/http.rb:2353:in \`request'
\tfrom /app/lib/refund_bot/agent.rb:31:in 'RefundBot::Agent#call_model'
\tfrom C:/work/bot/main.rb:3:in \`<main>'`);
    assert.deepEqual(frames.map((f) => [f.filePath, f.line, f.function, isRuntimeFrame(f)]), [
      ['/usr/local/bundle/gems/faraday-2.9.0/lib/faraday/response.rb', 42, 'on_complete', true],
      ['/usr/local/lib/ruby/3.3.0/net/http.rb', 2353, 'request', true],
      ['/app/lib/refund_bot/agent.rb', 31, 'RefundBot::Agent#call_model', false],
      ['C:/work/bot/main.rb', 3, '<main>', false],
    ]);
  });

  it('treats eval and anonymous frames as runtime frames', () => {
    const frames = parseStackFrames('    at eval (eval at load (/app/x.js:1:1), <anonymous>:1:1)\n    at Array.map (<anonymous>)');
    assert.equal(frames.length, 2);
    assert.ok(frames.every(isRuntimeFrame));
  });
});
