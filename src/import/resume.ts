// What an import does with the rows an earlier run journaled: skip the accepted and the unknown, send again what was
// provably not processed, and check, batch by batch, that the rows read now are the ones it sent then.
import { ContactsJournalError, type Outcome } from '../engine/errors.js';

/** What a journal holds of one batch. */
export interface JournaledBatch {
  id: number;
  /** Row indexes, ascending. */
  rows: number[];
  /** The journal's hash of the JSON text sent. */
  hash: string;
  /** Absent while its answer was never recorded: it may have been processed. */
  outcome?: 'accepted' | Outcome;
}

/** Where an import records its batches; `openJournal` (from `contacts-api-contract/node`) writes one to a file. */
export interface ImportJournal {
  /** The batches of earlier runs; throws `ContactsJournalError` when the journal belongs to another company. */
  open(company: string): Promise<JournaledBatch[]>;
  hash(text: string): string;
  /** Resolves once the record is durable: the batch is sent only then. */
  sending(batch: JournaledBatch): Promise<void>;
  settled(id: number, outcome: 'accepted' | Outcome): Promise<void>;
  /** Whether rows an earlier run left `unknown` are sent again. */
  readonly resendUnknown?: boolean;
}

/** A past batch being compared with the rows read now. */
type Open = { batch: JournaledBatch; next: number; texts: string[] };

/** The earlier runs of an import, met row by row as the source is read again. */
export interface Resume {
  /** The next batch id. */
  readonly nextId: number;
  /** What an earlier run settled for row `index`, whose JSON text is now `text` (undefined: it is now invalid). */
  see(index: number, text: string | undefined): 'accepted' | 'unknown' | undefined;
  /** Throws if rows that the journal records were never read again. */
  end(): void;
}

/** Reads the journal and returns what the import needs of it, in row order. */
export async function resumeFrom(journal: ImportJournal, company: string): Promise<Resume> {
  const batches = (await journal.open(company)).sort((a, b) => a.rows[0]! - b.rows[0]! || a.id - b.id);
  const nextId = batches.reduce((max, b) => Math.max(max, b.id + 1), 0);
  const open: Open[] = [];
  let cursor = 0;

  const differs = (batch: JournaledBatch, why: string) =>
    new ContactsJournalError(`the journal does not match this input: batch ${batch.id} (rows ${batch.rows[0]}–${batch.rows.at(-1)}) ${why}; use the journal of this input, or another journal file`);

  return {
    nextId,
    see(index, text) {
      while (cursor < batches.length && batches[cursor]!.rows[0] === index) open.push({ batch: batches[cursor++]!, next: 0, texts: [] });
      // The latest batch that sent this row says what became of it.
      let latest: JournaledBatch | undefined;
      for (let i = 0; i < open.length; i++) {
        const o = open[i]!;
        if (o.batch.rows[o.next] !== index) continue;
        if (text === undefined) throw differs(o.batch, `sent row ${index}, which is now invalid`);
        o.texts.push(text);
        if (++o.next === o.batch.rows.length) {
          if (journal.hash(`[${o.texts.join(',')}]`) !== o.batch.hash) throw differs(o.batch, 'sent other rows');
          open.splice(i--, 1);
        }
        if (!latest || o.batch.id > latest.id) latest = o.batch;
      }
      const outcome = latest && (latest.outcome ?? 'unknown');
      if (outcome === 'accepted') return 'accepted';
      if (outcome === 'unknown' && !journal.resendUnknown) return 'unknown';
      return undefined;
    },
    end() {
      const missing = open[0]?.batch ?? batches[cursor];
      if (missing) throw differs(missing, 'has rows that this input does not');
    },
  };
}
