// Nanosecond times are kept as decimal strings. In SQLite they are stored zero-padded to 20 digits
// (u64 max) so text order equals numeric order and values stay exact.

const WIDTH = 20;

export function padNanos(nanos: string): string {
  const digits = /^\d+$/.test(nanos) ? nanos.replace(/^0+(?=\d)/, '') : '0';
  return digits.length >= WIDTH ? digits : '0'.repeat(WIDTH - digits.length) + digits;
}

export function unpadNanos(padded: string): string {
  return padded.replace(/^0+(?=\d)/, '');
}

export function durationMsBetween(startNanos: string, endNanos: string): number {
  const delta = BigInt(unpadNanos(endNanos)) - BigInt(unpadNanos(startNanos));
  return delta > 0n ? Number(delta) / 1e6 : 0;
}
