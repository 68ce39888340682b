// generated from openapi/ by `npm run generate` — do not edit
/** The spec's first server. */
export const serverUrl = "https://z52mnqg347.execute-api.eu-west-3.amazonaws.com/main";

/** The spec's info.version, which is the package's version. */
export const version = "1.0.0";

/** The shared parameters of components/parameters, by component name. */
export const parameters = {
  "CompanyId": {
    "name": "companyId",
    "in": "path"
  },
  "SessionToken": {
    "name": "x-session-token",
    "in": "header"
  }
} as const;

/** createContacts. */
export const op$createContacts = {
  "method": "POST",
  "path": "/companies/v2/rs/{companyId}/contacts",
  "params": {
    "path": {
      "companyId": true
    },
    "header": {
      "x-session-token": true
    }
  },
  "body": {
    "mediaTypes": [
      "application/json"
    ],
    "required": true
  },
  "successes": {
    "201": [
      "application/json"
    ]
  },
  "errors": {
    "400": [
      "application/problem+json"
    ],
    "401": [
      "application/problem+json"
    ],
    "422": [
      "application/problem+json"
    ],
    "429": [
      "application/problem+json"
    ],
    "5XX": [
      "application/problem+json"
    ]
  },
  "idempotent": false,
  "security": [
    [
      "bearerAuth"
    ]
  ]
} as const;

/** Every operation, keyed by operationId. */
export const operations = {
  "createContacts": op$createContacts,
} as const;

/** How each security scheme the operations use is supplied. */
export const securitySchemes = {
  "bearerAuth": {
    "kind": "bearer"
  }
} as const;

/** Each distinct security of the operations (its alternatives, each the schemes to supply together). */
export const securities = [[["bearerAuth"]]] as const;
