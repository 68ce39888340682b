// The verdicts, for people (one line per check), for programs (--json) and for CI (--junit).
import type { Outcome, Result } from './run.js';

/** One line per check, then the closing count. */
export function text({ results, stopped, unreachable }: Outcome): string {
  const lines = results.map((r) => {
    const observed = r.observed ? `${r.observed.status} ${r.observed.contentType ?? 'no content type'}` : 'no answer';
    const why = r.problems.length ? `: ${r.problems.join('; ')}` : r.note ? ` (${r.note})` : '';
    return `${r.ok ? 'PASS' : 'FAIL'} ${r.operationId}: ${r.name}\n     sent ${r.described}\n     expected ${r.expected}; observed ${observed}${why}`;
  });
  if (stopped) lines.push(`${unreachable ? 'UNREACHABLE' : 'STOPPED'}: ${stopped}`);
  return `${lines.join('\n')}\n${summary({ results, stopped })}\n`;
}

/** `N passed, N failed`. */
export function summary({ results }: Outcome): string {
  const failed = results.filter((r) => !r.ok).length;
  return `${results.length - failed} passed, ${failed} failed`;
}

/** The report as JSON. */
export function json({ results, stopped, unreachable }: Outcome): string {
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
  return `${JSON.stringify({ passed: results.length - failed, failed, ...(stopped && { stopped }), ...(unreachable && { unreachable }), checks }, null, 2)}\n`;
}

/** The report as JUnit XML: one test case per check, a failure for each drift. */
export function junit({ results, stopped }: Outcome): string {
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
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
