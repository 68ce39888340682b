// contacts-api-contract/testing: an in-process fake of every operation, for consumers' unit tests.
export { createContractFetch } from './testing/fake.js';
export type { ContractFetch, ContractFetchOptions, ContractRequest, Handler, HandlerInput, Received } from './testing/fake.js';
