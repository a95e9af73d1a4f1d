// A word-level diff of two texts (an original answer and a replayed one): the longest common subsequence of their
// words and the whitespace between them, after the common start and end are taken off. Bounded: past MAX_CELLS the
// middle is shown as one removal and one addition.
export type DiffOp = { op: 'same' | 'removed' | 'added'; text: string };

const MAX_CELLS = 4_000_000;

function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function push(ops: DiffOp[], op: DiffOp['op'], text: string): void {
  if (text.length === 0) return;
  const last = ops[ops.length - 1];
  if (last && last.op === op) last.text += text;
  else ops.push({ op, text });
}

export function diffWords(a: string, b: string): DiffOp[] {
  const x = tokens(a);
  const y = tokens(b);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const ops: DiffOp[] = [];
  push(ops, 'same', x.slice(0, start).join(''));
  const mx = x.slice(start, endX);
  const my = y.slice(start, endY);
  if (mx.length * my.length > MAX_CELLS) {
    push(ops, 'removed', mx.join(''));
    push(ops, 'added', my.join(''));
  } else {
    // lengths[i][j]: LCS of mx[i..] and my[j..], in one flat array.
    const w = my.length + 1;
    const lengths = new Uint32Array((mx.length + 1) * w);
    for (let i = mx.length - 1; i >= 0; i--) {
      for (let j = my.length - 1; j >= 0; j--) {
        lengths[i * w + j] = mx[i] === my[j] ? lengths[(i + 1) * w + j + 1]! + 1 : Math.max(lengths[(i + 1) * w + j]!, lengths[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < mx.length && j < my.length) {
      if (mx[i] === my[j]) {
        push(ops, 'same', mx[i]!);
        i++;
        j++;
      } else if (lengths[(i + 1) * w + j]! >= lengths[i * w + j + 1]!) push(ops, 'removed', mx[i++]!);
      else push(ops, 'added', my[j++]!);
    }
    push(ops, 'removed', mx.slice(i).join(''));
    push(ops, 'added', my.slice(j).join(''));
  }
  push(ops, 'same', x.slice(endX).join(''));
  return ops;
}
