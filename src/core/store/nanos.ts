// Nanosecond times are kept as decimal strings. In SQLite they are stored zero-padded to 20 digits
// (u64 max) so text order equals numeric order and values stay exact.

const WIDTH = 20;

export function padNanos(nanos: string): string {
  const digits = /^\d+$/.test(nanos) ? nanos.replace(/^0+(?=\d)/, '') : '0';
  return digits.length >= WIDTH ? digits : '0'.repeat(WIDTH - digits.length) + digits;
}

/** Strips leading zeros, keeping one digit ("000" → "0"). A loop: it runs for every span read. */
export function unpadNanos(padded: string): string {
  let i = 0;
  const last = padded.length - 1;
  while (i < last && padded.charCodeAt(i) === 48 /* '0' */) i++;
  return i === 0 ? padded : padded.slice(i);
}
