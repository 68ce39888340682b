// generated from openapi/ by `npm run generate` — do not edit
// Every schema of the spec is judged by the one-pass checks of checks.ts.
export {};
