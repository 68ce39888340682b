// What the client tells about its work. Never a token, a body or a parameter value: contacts are personal data.
import { ContactsArgumentError } from './errors.js';

/** The least severe level that is logged; `'off'` logs nothing. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Anything console-like. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** Logs at `level` or above, through `logger`; in Node, `CONTACTS_API_LOG` sets the level when no option does. */
export function createLog(logger: Logger = console, level?: LogLevel) {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.['CONTACTS_API_LOG'];
  const chosen = level ?? (env as LogLevel | undefined) ?? 'warn';
  if (!LEVELS.includes(chosen)) {
    const from = level === undefined ? 'CONTACTS_API_LOG' : 'logLevel';
    throw new ContactsArgumentError(`${from} must be one of ${LEVELS.join(', ')}; got ${JSON.stringify(chosen)}`);
  }
  const rank = LEVELS.indexOf(chosen);
  const at = (severity: Exclude<LogLevel, 'off'>) => (rank >= LEVELS.indexOf(severity) ? (message: string) => logger[severity](`[contacts-api] ${message}`) : undefined);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
