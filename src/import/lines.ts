// Lines split on bytes, each bounded: a line longer than the bound is dropped as it comes, never held whole.

/** What gets each line: its bytes without the `\n` (undefined for one longer than the bound), and whether a `\n` ended it. */
export type OnLine = (bytes: Buffer | undefined, ended: boolean) => void;

/**
 * Splits chunks into lines at `\n`, carrying a partial line from one chunk to the next, and holding at most `max`
 * bytes of one: split as bytes, so that a long line is not decoded and searched again with each chunk.
 */
export class Lines {
  private parts: Buffer[] = [];
  private size = 0;
  private over = false;

  constructor(
    private readonly max: number,
    private readonly onLine: OnLine,
  ) {}

  /** Feeds a chunk: every line it ends goes to `onLine`. */
  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, end));
      this.emit(true);
      start = end + 1;
    }
    this.take(chunk.subarray(start));
  }

  /** Whether the line being read is already past the bound. */
  get overflowing(): boolean {
    return this.over;
  }

  /** The input ended: a last line with no `\n` goes to `onLine`. */
  end(): void {
    if (this.size > 0 || this.over) this.emit(false);
  }

  private take(part: Buffer) {
    if (this.over || part.length === 0) return;
    if (this.size + part.length > this.max) {
      [this.parts, this.size, this.over] = [[], 0, true];
      return;
    }
    this.parts.push(part);
    this.size += part.length;
  }

  private emit(ended: boolean) {
    const line = this.over ? undefined : this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    [this.parts, this.size, this.over] = [[], 0, false];
    this.onLine(line, ended);
  }
}
