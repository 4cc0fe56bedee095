// Failures keep their message and stack trace in an encoded payload, which the codec encrypts: an error
// that ever names a document or a person does not reach the Temporal database in clear. Loaded by path
// (DataConverter.failureConverterPath) by clients and by the workflow sandbox's bundler alike, hence plain
// CommonJS that needs no TypeScript loader.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path, without a TypeScript loader
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
