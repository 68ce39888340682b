// Friendly names for the generated types; each is an index into generated/schema.ts.
import type { components, operations, paths } from '../generated/schema.js';

/** One contact of the request body. */
export type ContactInput = components['schemas']['Contact'];
/** The 201 body: how many contacts were inserted. */
export type CreateContactsResult = components['schemas']['CreateContactsResult'];
/** The body of every error response this contract declares. */
export type ProblemDetails = components['schemas']['ProblemDetails'];

export type { components, operations, paths };
