import fs from 'node:fs';
import { encodeTracesProtobuf } from './src/core/otlp';
import { SpanFactory } from './scripts/bench/lib/genai-spans';
const N = Number(process.argv[2] ?? 100000);
const f = new (SpanFactory as any)();
const out: Buffer[] = [];
while (f.produced < N) { const b = encodeTracesProtobuf(f.batch(512)); const len = Buffer.alloc(4); len.writeUInt32LE(b.length); out.push(len, Buffer.from(b)); }
fs.writeFileSync('/tmp/bodies.bin', Buffer.concat(out));
