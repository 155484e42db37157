import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { derivedGlueSchema } from './schema/derived-schema.js';

export interface GlueValidationError {
  /** JSONPath of the offending value, e.g. `$.CloudComputingEndpoint[0].HealthState`. */
  path: string;
  message: string;
}

export type GlueValidation = { valid: true } | { valid: false; errors: GlueValidationError[] };

let compiled: ValidateFunction | undefined;

/** Compiled once; `logger: false` because a pure check must not write to the console. */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, logger: false }).compile(derivedGlueSchema);
  return compiled;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** JSON Pointer (ajv's `instancePath`) → JSONPath, with the missing or extra property appended. */
function jsonPath(error: ErrorObject): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const property = params.missingProperty ?? params.additionalProperty;
  if (property !== undefined) segments.push(property);
  return segments.reduce((path, segment) => {
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
    return IDENTIFIER.test(segment) ? `${path}.${segment}` : `${path}[${JSON.stringify(segment)}]`;
  }, '$');
}

function messageOf(error: ErrorObject): string {
  const params = error.params as { allowedValues?: unknown[] };
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not allowed in this class';
  if (params.allowedValues)
    return `${error.message}: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return error.message ?? error.keyword;
}

/**
 * Checks a document against the derived GLUE 2.1 cloud schema (glue-cloud-info.md §6.1), embedded in
 * `schema/derived-schema.ts`. Lists every error, each at the JSONPath of the value it is about.
 */
export function validateGlueDocument(document: unknown): GlueValidation {
  const validate = validator();
  if (validate(document)) return { valid: true };
  const errors = (validate.errors ?? []).map((e) => ({ path: jsonPath(e), message: messageOf(e) }));
  return { valid: false, errors };
}
