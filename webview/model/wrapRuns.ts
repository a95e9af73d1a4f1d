// Break opportunities for long unbroken runs (base64, minified JSON, "AAAA…"). Chromium lays out a run with
// no break opportunity in time quadratic in its length (50k chars: seconds), so <atl-text> puts a <wbr>
// between the pieces returned here. Text with ordinary words comes back as one piece.

/** Longest run of non-whitespace characters left without a break opportunity. */
export const MAX_UNBROKEN_RUN = 100;

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Split `text` so that no piece holds a run of more than `maxRun` non-whitespace characters; joined, the pieces are `text`. */
export function splitLongRuns(text: string, maxRun = MAX_UNBROKEN_RUN): string[] {
  const pieces: string[] = [];
  let pieceStart = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isWhitespace(code)) {
      run = 0;
      continue;
    }
    // Never cut between the two halves of a surrogate pair.
    if (run >= maxRun && !isLowSurrogate(code)) {
      pieces.push(text.slice(pieceStart, i));
      pieceStart = i;
      run = 0;
    }
    run++;
  }
  pieces.push(text.slice(pieceStart));
  return pieces;
}
