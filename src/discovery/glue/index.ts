export { buildGlueDocument, DEFAULT_GLUE_VALIDITY_SECONDS } from './glue-document.builder.js';
export {
  validateGlueDocument,
  type GlueValidation,
  type GlueValidationError,
} from './glue-document.validator.js';
export { glueContentEqual } from './glue-content-equal.js';
export type * from './glue-document.types.js';
export type * from './glue-input.types.js';
