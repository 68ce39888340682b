// Progress of an import on stderr: a bar on a terminal (cli-progress), one plain line at most every 5 s elsewhere.
import cliProgress from 'cli-progress';
import type { ImportProgress } from './bulk.js';

/** What the CLI feeds as batches end. */
export interface ProgressView {
  update(progress: ImportProgress): void;
  stop(): void;
}

/** Where progress goes: a terminal gets the bar. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const PLAIN_EVERY_MS = 5_000;

/** A bar on a terminal, plain lines otherwise; `total` rows when known. */
export function progressView(output: ProgressOutput, total: number | undefined, now: () => number = Date.now): ProgressView {
  const started = now();
  const rate = (done: number) => Math.round(done / Math.max(0.001, (now() - started) / 1000));
  if (!output.isTTY) {
    let last = started;
    return {
      update(p) {
        if (now() - last < PLAIN_EVERY_MS) return;
        last = now();
        output.write(`progress: ${p.done}${p.total === undefined ? '' : ` of ${p.total}`} rows, ${rate(p.done)} rows/s, inserted ${p.inserted}, rejected ${p.rejected}, failed ${p.failed}\n`);
      },
      stop() {},
    };
  }
  const rows = total === undefined ? '{value} rows | {rate} rows/s' : '{bar} {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}';
  const bar = new cliProgress.SingleBar(
    { stream: output as NodeJS.WritableStream, format: `${rows} | inserted {inserted}, rejected {rejected}, failed {failed}`, hideCursor: true, etaBuffer: 50, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0, { rate: 0, inserted: 0, rejected: 0, failed: 0 });
  return {
    update: (p) => bar.update(p.done, { rate: rate(p.done), inserted: p.inserted, rejected: p.rejected, failed: p.failed }),
    stop: () => bar.stop(),
  };
}
