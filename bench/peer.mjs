// The peer's schema of the contacts body, in zod/mini, as a team would write it beside openapi-fetch: the bench
// bundles it (bundleVsPeerRatio). A module of its own, so that the bundle carries this and nothing of the bench.
import * as z from 'zod/mini';

/** The contacts body, from the spec's facts (`contactFacts` in bench.mjs). */
export function contactsSchema(facts) {
  const text = (max) => z.string().check(z.maxLength(max));
  return z.array(
    z.strictObject({
      name: text(facts.name),
      notify: z.boolean(),
      email: z.optional(z.nullable(z.email().check(z.maxLength(facts.email), z.regex(new RegExp(facts.pattern, 'u'))))),
      phones: z.optional(z.array(text(facts.phone)).check(z.maxLength(facts.phones))),
      comment: z.optional(z.nullable(text(facts.comment))),
    }),
  );
}
