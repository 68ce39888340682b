// Where a byte stream is not UTF-8. Node checks a whole buffer natively (isUtf8) but says neither where nor how a
// chunk that ends inside a character goes on: the fast path is its check; only a chunk that fails is walked here.
import { isUtf8 } from 'node:buffer';

/** Byte ranges [start, end) that are not UTF-8, each a maximal ill-formed part (as a decoder would replace it). */
export type Invalid = [start: number, end: number][];

/** Checks a stream's chunks in turn; a character cut between two chunks is checked whole with the second. */
export class Utf8Check {
  private carry: Buffer | undefined;

  /** The bytes to pass on (what the last chunk left, then this one, less a character it leaves unfinished), and where they are not UTF-8. */
  check(chunk: Buffer): { bytes: Buffer; invalid: Invalid } {
    const all = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = unfinished(all);
    this.carry = cut < all.length ? Buffer.from(all.subarray(cut)) : undefined;
    const bytes = all.subarray(0, cut);
    return { bytes, invalid: isUtf8(bytes) ? [] : invalidRanges(bytes) };
  }

  /** The end of the stream: a character left unfinished is not UTF-8. */
  end(): { bytes: Buffer; invalid: Invalid } {
    const bytes = this.carry ?? Buffer.alloc(0);
    this.carry = undefined;
    return { bytes, invalid: bytes.length > 0 ? [[0, bytes.length]] : [] };
  }
}

/** Where the character that `bytes` end inside starts (or their length, when they end between characters). */
function unfinished(bytes: Buffer): number {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k]!;
    if ((b & 0xc0) === 0x80) continue;
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needs > k ? bytes.length - k : bytes.length;
  }
  return bytes.length;
}

/** The ill-formed ranges of `bytes`, by the well-formed sequences of the Unicode standard (table 3-7). */
export function invalidRanges(bytes: Buffer): Invalid {
  const out: Invalid = [];
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let [needs, low, high] = [0, 0x80, 0xbf];
    if (c >= 0xc2 && c <= 0xdf) needs = 1;
    else if (c >= 0xe0 && c <= 0xef) [needs, low, high] = [2, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf];
    else if (c >= 0xf0 && c <= 0xf4) [needs, low, high] = [3, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf];
    let k = 1;
    if (needs > 0 && i + 1 < bytes.length && bytes[i + 1]! >= low && bytes[i + 1]! <= high) {
      k = 2;
      while (k <= needs && i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80) k++;
    }
    if (needs === 0 || k <= needs) {
      const last = out.at(-1);
      if (last && last[1] === i) last[1] = i + k;
      else out.push([i, i + k]);
    }
    i += k;
  }
  return out;
}
