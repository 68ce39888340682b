// The API docs page, built from the spec and served offline, as a person sees it in Chromium.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// Debian's Chromium, or another Chromium-based browser named by CHROMIUM_PATH (GitHub's runners have Chrome).
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
// Without Chromium the test is skipped, except in CI, where it must run (and fails to launch).
const run = existsSync(CHROMIUM) || Boolean(process.env['CI']);
if (!run) console.log(`docs browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!run)('API docs in Chromium', () => {
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-docs.mjs'], { cwd: root });
    server = spawn(process.execPath, ['scripts/serve-docs.mjs'], { cwd: root, env: { ...process.env, PORT: '0' } });
    const [line] = (await once(server.stdout!, 'data')) as [Buffer];
    origin = new URL(/http:\S+/.exec(String(line))![0]).origin;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    await page.goto(`${origin}/`);
    // Open what a reader would open: every tag's operations, then the patterns and the array items; each may
    // appear once per tag or operation, however many the spec has.
    for (const text of ['+ Show', 'Show pattern', 'Show details']) {
      // all() does not wait, as click() does: the first one must be there before they are counted. From the last: a
      // click changes its button's text and opens what follows it, which moves only the buttons after it.
      await page.getByText(text).first().waitFor();
      for (const button of (await page.getByText(text).all()).reverse()) await button.click();
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill();
  });

  test.each([
    ['the operation and its path', ['Create contacts', 'POST', '/companies/v2/rs/{companyId}/contacts']],
    ['every field with its constraints', [
      'name\nstring, <= 250 characters\nrequired',
      'notify\nboolean\nrequired',
      'email\nstring or null, (email), <= 250 characters',
      "^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$",
      'phones\nArray of strings, <= 5 items',
      '<= 50 characters',
      'comment\nstring or null, <= 2500 characters',
      'integer, [ -9007199254740991 .. 9007199254740991 ]',
    ]],
    ['the examples', ['"name": "Company Contact Name"', '"comment": "Company contact comment"', '"nbInsertion": 1', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9']],
    ['a curl sample', ['curl --request POST', "--header 'x-session-token: <x-session-token>'"]],
  ])('shows %s', async (_, texts) => {
    const text = await page.innerText('body');
    for (const t of texts) expect(text).toContain(t);
  });

  test('shows both auth headers', async () => {
    expect(await page.innerText('body')).toMatch(/x-session-token\s+string, non-empty\s+required\s+Session token used for authenticating the request\./);
    // Each operation has its own; the spec may have more operations than this one.
    await page.locator('[id="contacts/createcontacts"]').getByText('View security details').click();
    expect(await page.innerText('body')).toContain('Bearer authentication header of the form Bearer <token>, where <token> is your auth token.');
    await page.keyboard.press('Escape');
  });

  test('shows a TypeScript sample that uses this package', async () => {
    await page.getByText('curl', { exact: true }).first().click();
    await page.getByText('TypeScript', { exact: true }).first().click();
    expect(await page.innerText('body')).toContain("import { createContactsClient } from 'contacts-api-contract';");
  });

  test('shows no empty attribution box where the logo was', async () => {
    const attribution = page.getByText('API docs by');
    expect(await attribution.count()).toBe(1);
    expect(await attribution.isVisible()).toBe(false);
  });

  test('loads nothing from beyond its own server, and logs no error', async () => {
    await mkdir(`${root}/test/artifacts`, { recursive: true });
    await page.screenshot({ path: `${root}/test/artifacts/docs.png`, fullPage: true });
    expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
