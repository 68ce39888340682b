// contacts-api-contract/node: what an import needs from Node only, kept out of the main entry for browsers.
export { digestOf, formatOf, readContacts, CSV_COLUMNS, MAX_ROW_BYTES } from './import/files.js';
export type { ContactFile, FileFormat, ReadOptions } from './import/files.js';
export { JournalInUseError, openJournal } from './import/journal.js';
export type { FileJournal, JournalOptions } from './import/journal.js';
export { UnreadableRow } from './import/bulk.js';
