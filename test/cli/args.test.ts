// The commands' arguments: every fault named, with the closest option or command when one is near.
import { describe, expect, test } from 'vitest';
import { envToken, parseCommand, unknownCommand } from '../../src/cli/args.js';
import { ContactsArgumentError } from '../../src/index.js';

const options = { company: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, 'batch-size': { type: 'string', default: '100' } } as const;
const fault = (argv: string[], positionals = false) => {
  try {
    parseCommand(argv, options, { positionals });
  } catch (error) {
    expect(error).toBeInstanceOf(ContactsArgumentError);
    return (error as Error).message;
  }
  return 'no error';
};

describe('parseCommand', () => {
  test('the values, typed, with their defaults, and the positionals where the command takes them', () => {
    const { values, positionals } = parseCommand(['a.csv', '--company', '42', '--dry-run'], options, { positionals: true });
    expect(values).toEqual({ company: '42', 'dry-run': true, 'batch-size': '100' });
    expect(positionals).toEqual(['a.csv']);
    expect(parseCommand(['--company=-5'], options).values.company).toBe('-5');
  });

  test('an unknown option is named, with the closest known one when it is a typo', () => {
    expect(fault(['--dryrun'])).toBe('unknown option --dryrun; did you mean --dry-run?');
    expect(fault(['--Company', '4'])).toBe('unknown option --Company; did you mean --company?');
    expect(fault(['--batchsize', '4'])).toBe('unknown option --batchsize; did you mean --batch-size?');
    expect(fault(['--verbose'])).toBe('unknown option --verbose');
    expect(fault(['-x'])).toBe('unknown option -x');
  });

  test('a value where none is taken, none where one is needed, an option twice, an argument where none is taken', () => {
    expect(fault(['--dry-run=yes'])).toBe('--dry-run takes no value; got "yes"');
    expect(fault(['--company'])).toBe('--company needs a value');
    expect(fault(['--company', '--dry-run'])).toBe('--company needs a value (for one that starts with "-", write --company=--dry-run)');
    expect(fault(['--company', '4', '--company', '5'])).toBe('--company is given twice');
    expect(fault(['extra'])).toBe('unexpected argument "extra"');
  });
});

test('an unknown command is named, with the closest one when it is a typo', () => {
  expect(unknownCommand('imprt', ['import', 'verify']).message).toBe('unknown command imprt; did you mean import?');
  expect(unknownCommand('verfy', ['import', 'verify']).message).toBe('unknown command verfy; did you mean verify?');
  expect(unknownCommand('sync', ['import', 'verify']).message).toBe('unknown command sync');
});

test('a token from the environment: a missing one is named as a variable to set', () => {
  expect(envToken({ CONTACTS_TOKEN: 'tok-0000' }, 'CONTACTS_TOKEN')).toBe('tok-0000');
  for (const env of [{}, { CONTACTS_TOKEN: '' }]) expect(() => envToken(env, 'CONTACTS_TOKEN')).toThrow(/^set CONTACTS_TOKEN: /);
  expect(() => envToken({ CONTACTS_TOKEN: 'tok\n0000' }, 'CONTACTS_TOKEN')).toThrow('CONTACTS_TOKEN');
});
