// Builds dist/docs/index.html with Redocly, as a page that makes no request beyond its own server.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const OUT = 'dist/docs/index.html';
const redoclyBin = fileURLToPath(new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
// --inlineBundle puts Redoc's script in the page, but Redoc still loads its attribution logo from a CDN,
// and Chromium asks for /favicon.ico: point both at empty inline images. Without its logo the attribution
// would be an empty "API docs by" box in the sidebar, so it is hidden.
const EMPTY_SVG = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E';
const CDN_LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g;
const ATTRIBUTION = 'href="https://redocly.com/redoc/"';

await promisify(execFile)(process.execPath, [redoclyBin, 'build-docs', 'contacts', '--output', OUT, '--inlineBundle']);
const html = await readFile(OUT, 'utf8');
if (!CDN_LOGO.test(html)) throw new Error('build-docs: the CDN logo is gone from Redoc; check the page for other remote loads');
if (!html.includes(ATTRIBUTION)) throw new Error('build-docs: the attribution link moved; check the sidebar for an empty box');
const head = `<head>\n    <link rel="icon" href="data:,">\n    <style>span:has(> a[${ATTRIBUTION}]) { display: none; }</style>`;
const offline = html.replace(CDN_LOGO, EMPTY_SVG).replace('<head>', head);
await writeFile(OUT, offline);
console.log(`docs: ${OUT} (${Math.round(Buffer.byteLength(offline) / 1024)} KiB)`);
