export { ErrorCode } from './error-codes.js';
export { FedwatchError } from './fedwatch-error.js';
export { httpStatusOf } from './http-status.js';
export { grpcStatusOf } from './grpc-status.js';
