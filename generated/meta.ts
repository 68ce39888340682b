// generated from openapi/ by `npm run generate` — do not edit
export const serverUrl = "https://z52mnqg347.execute-api.eu-west-3.amazonaws.com/main";
export const operationPath = "/companies/v2/rs/{companyId}/contacts";
