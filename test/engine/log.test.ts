// Logging: one line per attempt at debug, retries at info, contract violations at warn; never a token, a name,
// an email or a phone, whatever the level.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ContactsArgumentError, createContactsClient, importContacts, type Logger } from '../../src/index.js';
import { created, recordingFetch } from '../support/fetch.js';

const secrets = { token: 'SECRET-TOKEN-4b1d', sessionToken: 'SECRET-SESSION-9e0f' };
const contact = { name: 'Ada Lovelace', notify: true, email: 'ada@analytical.example', phones: ['+44 20 7946 0000'], comment: 'Met at the fair' };

function capture() {
  const lines: [string, string][] = [];
  const logger = Object.fromEntries((['debug', 'info', 'warn', 'error'] as const).map((level) => [level, (line: string) => lines.push([level, line])])) as unknown as Logger;
  return { lines, logger };
}

describe('at debug', () => {
  test('a retried call logs one line per attempt: operation, method, path template, status, duration, attempt, retry decision', async () => {
    const { lines, logger } = capture();
    const recorder = recordingFetch(({ body }) => (recorder.calls.length === 1 ? Response.json({ title: body }, { status: 429, headers: { 'retry-after': '0' } }) : created()));
    const client = createContactsClient({ ...secrets, fetch: recorder.fetch, logger, logLevel: 'debug' });
    await client.createContacts('42', [contact]);
    expect(lines).toEqual([
      ['info', expect.stringMatching(/^\[contacts-api\] createContacts POST \/companies\/v2\/rs\/\{companyId\}\/contacts attempt 1: 429 in \d+ ms; retrying in 0 ms$/)],
      ['debug', expect.stringMatching(/^\[contacts-api\] createContacts POST \/companies\/v2\/rs\/\{companyId\}\/contacts attempt 2: 201 in \d+ ms$/)],
    ]);
  });

  test.each(['debug', 'warn'] as const)('a contract violation logs as a failure, at warn, and never like a success (level %s)', async (logLevel) => {
    const { lines, logger } = capture();
    const client = createContactsClient({ ...secrets, fetch: async () => created({ nbInsertion: 'one' }), logger, logLevel });
    await client.createContacts('42', [contact]).catch(() => {});
    expect(lines).toEqual([
      [
        'warn',
        expect.stringMatching(
          /^\[contacts-api\] createContacts POST \/companies\/v2\/rs\/\{companyId\}\/contacts attempt 1: 201 breaking the contract in \d+ ms; not retried: the 201 response breaks the contract: \/nbInsertion must be an integer$/,
        ),
      ],
    ]);
  });
});

test.each(['debug', 'info', 'warn', 'error'] as const)('no token, name, email, phone or comment in any line at %s', async (logLevel) => {
  const { lines, logger } = capture();
  const echo = (status: number) => Response.json({ detail: `${secrets.token} ${JSON.stringify(contact)}` }, { status, headers: { 'retry-after': '0' } });
  let n = 0;
  const client = createContactsClient({ ...secrets, logger, logLevel, fetch: async () => [echo(429), echo(503), created({ nbInsertion: contact.name })][n++]! });
  await client.createContacts('42', [contact]).catch(() => {});
  await importContacts(client, '42', [contact, { ...contact, name: 7 }]).catch(() => {});
  const all = lines.map(([, line]) => line).join('\n');
  for (const secret of [secrets.token, secrets.sessionToken, contact.name, contact.email, contact.phones[0]!, contact.comment]) expect(all).not.toContain(secret);
  if (logLevel === 'debug') expect(lines.length).toBeGreaterThan(2);
});

describe('the level', () => {
  afterEach(() => void vi.unstubAllEnvs());

  test('is warn by default: attempts are not logged', async () => {
    const { lines, logger } = capture();
    await createContactsClient({ ...secrets, fetch: async () => created(), logger }).createContacts('42', [contact]);
    expect(lines).toEqual([]);
  });

  test('comes from CONTACTS_API_LOG in Node when no option sets it', async () => {
    vi.stubEnv('CONTACTS_API_LOG', 'debug');
    const { lines, logger } = capture();
    await createContactsClient({ ...secrets, fetch: async () => created(), logger }).createContacts('42', [contact]);
    expect(lines).toHaveLength(1);
  });

  test('off logs nothing', async () => {
    const { lines, logger } = capture();
    const client = createContactsClient({ ...secrets, fetch: async () => created({ nbInsertion: 'x' }), logger, logLevel: 'off' });
    await client.createContacts('42', [contact]).catch(() => {});
    expect(lines).toEqual([]);
  });

  test('an unknown level is refused at creation', () => {
    expect(() => createContactsClient({ ...secrets, logLevel: 'verbose' as never })).toThrow(new ContactsArgumentError('logLevel must be one of off, error, warn, info, debug; got "verbose"'));
    vi.stubEnv('CONTACTS_API_LOG', 'loud');
    expect(() => createContactsClient(secrets)).toThrow('CONTACTS_API_LOG must be one of off, error, warn, info, debug; got "loud"');
  });
});
