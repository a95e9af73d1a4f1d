// Answers bounded by an estimated token budget: lines are added until the budget is spent, and what did
// not fit is listed at the end with the call that fetches it.

/** A rough, deliberately pessimistic estimate for English text and JSON-ish trace data. */
export const CHARS_PER_TOKEN = 4;
export const DEFAULT_MAX_TOKENS = 8000;
export const MIN_MAX_TOKENS = 500;
export const MAX_MAX_TOKENS = 100_000;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Room kept back for the "left out" notes, so they always fit. */
const NOTES_SHARE = 0.1;

export class BoundedText {
  private readonly lines: string[] = [];
  private readonly notes: string[] = [];
  private used = 0;
  private readonly limit: number;
  private readonly notesLimit: number;
  private notesUsed = 0;
  /** Set once a line did not fit. */
  full = false;

  constructor(maxTokens: number) {
    const chars = maxTokens * CHARS_PER_TOKEN;
    this.notesLimit = Math.floor(chars * NOTES_SHARE);
    this.limit = chars - this.notesLimit;
  }

  /** Characters still free for lines. */
  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  fits(text: string): boolean {
    return !this.full && this.used + text.length + 1 <= this.limit;
  }

  /** Add a line if it fits; once one does not, every later line is refused too (the order stays honest). */
  push(text: string): boolean {
    if (!this.fits(text)) {
      this.full = true;
      return false;
    }
    this.lines.push(text);
    this.used += text.length + 1;
    return true;
  }

  /** Record what was left out and how to get it. */
  omit(note: string): void {
    const line = `- ${note}`;
    if (this.notesUsed + line.length + 1 > this.notesLimit) return;
    this.notes.push(line);
    this.notesUsed += line.length + 1;
  }

  get omissions(): readonly string[] {
    return this.notes;
  }

  render(): string {
    if (this.notes.length === 0) return this.lines.join('\n');
    return [...this.lines, '', 'Left out to stay within the answer budget:', ...this.notes].join('\n');
  }
}
