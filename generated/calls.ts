// generated from openapi/ by `npm run generate` — do not edit
import { operationFunction as $fn } from '../src/client/operation.js';
import * as $checks from './checks.js';
import * as $table from './operations.js';

/** createContacts: POST /companies/v2/rs/{companyId}/contacts. */
export const createContacts = /* @__PURE__ */ $fn<"createContacts">({ id: "createContacts", op: $table.op$createContacts, judges: $checks.judges$createContacts });
