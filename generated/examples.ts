// generated from openapi/ by `npm run generate` — do not edit
/** Each operation's answer bodies, by declared status and media type, as the Prism mock gives them. */
export const examples: Record<string, Record<string, Record<string, unknown>>> = {
  "createContacts": {
    "201": {
      "application/json": {
        "nbInsertion": 1
      }
    },
    "400": {
      "application/problem+json": {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "The request body must be a JSON array of contacts."
      }
    },
    "401": {
      "application/problem+json": {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": "A valid bearer token and x-session-token are required."
      }
    },
    "422": {
      "application/problem+json": {
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "The request body breaks a constraint of the contract."
      }
    },
    "429": {
      "application/problem+json": {
        "type": "about:blank",
        "title": "Too Many Requests",
        "status": 429,
        "detail": "Slow down and send again after the Retry-After delay."
      }
    },
    "5XX": {
      "application/problem+json": {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "The server failed to complete the request."
      }
    }
  }
};
