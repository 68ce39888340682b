// contacts-api-contract/operations: one function per operation of the spec, named by its operationId, each taking
// a connection from connect(): `await listContacts(api, input, options)`. A bundle carries only the functions it
// imports, each with its own checks. The list is generated from the spec (generated/calls.ts names each one).
export * from '../generated/calls.js';
export type { OperationFunction } from './client/operation.js';
