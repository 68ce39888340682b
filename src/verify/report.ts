// The verdicts, for people (one line per check), for programs (--json) and for CI (--junit).
import type { Outcome, Result } from './run.js';

/** One line per check, then the closing count. */
export function text(outcome: Outcome): string {
  const { results, stopped, unreachable, error } = shown(outcome);
  const lines = results.map((r) => {
    const observed = r.observed ? `${r.observed.status} ${r.observed.contentType ?? 'no content type'}` : 'no answer';
    const why = r.problems.length ? `: ${r.problems.join('; ')}` : r.note ? ` (${r.note})` : '';
    return `${r.ok ? 'PASS' : 'FAIL'} ${r.operationId}: ${r.name}\n     sent ${r.described}\n     expected ${r.expected}; observed ${observed}${why}`;
  });
  if (stopped) lines.push(`${error ? 'ERROR' : unreachable ? 'UNREACHABLE' : 'STOPPED'}: ${stopped}`);
  return `${lines.join('\n')}\n${summary({ results, stopped })}\n`;
}

/** `N passed, N failed`. */
export function summary({ results }: Outcome): string {
  const failed = results.filter((r) => !r.ok).length;
  return `${results.length - failed} passed, ${failed} failed`;
}

/** The report as JSON. */
export function json(outcome: Outcome): string {
  const { results, stopped, unreachable, error } = shown(outcome);
  const failed = results.filter((r) => !r.ok).length;
  const checks = results.map(({ operationId, name, level, ok, expected, observed, problems, note, described }) => ({
    operationId,
    name,
    level,
    ok,
    expected,
    observed: observed ?? null,
    sent: described,
    problems,
    ...(note && { note }),
  }));
  return `${JSON.stringify({ passed: results.length - failed, failed, ...(stopped && { stopped }), ...(unreachable && { unreachable }), ...(error && { error }), checks }, null, 2)}\n`;
}

/** The report as JUnit XML: one test case per check, a failure for each drift. */
export function junit(outcome: Outcome): string {
  const { results, stopped } = shown(outcome);
  const failures = results.filter((r) => !r.ok).length + (stopped ? 1 : 0);
  const cases = results.map((r: Result) => {
    const body = r.ok ? '' : `<failure message="${xml(r.problems.join('; '))}">${xml(`sent ${r.described}\nexpected ${r.expected}`)}</failure>`;
    return `    <testcase classname="${xml(r.operationId)}" name="${xml(r.name)}">${body}</testcase>`;
  });
  if (stopped) cases.push(`    <testcase classname="verify" name="all checks ran"><failure message="${xml(stopped)}"/></testcase>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="contacts-api-verify" tests="${cases.length}" failures="${failures}">
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// C0 and C1 controls (line breaks included), DEL, the line and paragraph separators, and the bidi marks, embeddings,
// overrides and isolates: any of them would let what a server sent end a line, colour it, or reorder it.
const UNPRINTABLE = /[\0-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** `text` on one printable line: each character that could forge, hide or reorder a line written as `\uXXXX`. */
function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The outcome with every string in it printable: whatever field a server's text reached, no channel writes it raw. */
function shown(outcome: Outcome): Outcome {
  return JSON.parse(JSON.stringify(outcome), (_, value: unknown) => (typeof value === 'string' ? printable(value) : value)) as Outcome;
}
