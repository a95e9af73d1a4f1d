// Server-sent events from a fetch body, as they arrive (the WHATWG event-stream format: `event:`/`data:` lines,
// a blank line ends an event; CR LF, LF and CR all end a line).
import type { SseEvent } from './types';

export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let nl: RegExpExecArray | null;
      const lineEnd = /\r\n|\n|\r(?!$)/g;
      let start = 0;
      while ((nl = lineEnd.exec(buffer)) !== null) {
        const line = buffer.slice(start, nl.index);
        start = nl.index + nl[0].length;
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
        }
      }
      buffer = buffer.slice(start);
      if (done) break;
    }
    // An event the stream ended inside (no blank line after it) is dropped, as the format says: it may be cut.
  } finally {
    reader.releaseLock();
  }
}
