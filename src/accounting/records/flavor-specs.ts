/** Flavor extra-spec keys fedwatch reads (openstack.md §2.2; cASO's defaults). */
export const SPEC = {
  benchmarkType: 'accounting:benchmark_type',
  benchmarkValue: 'accounting:benchmark_value',
  acceleratorType: 'Accelerator:Type',
  acceleratorVendor: 'Accelerator:Vendor',
  acceleratorModel: 'Accelerator:Model',
  acceleratorNumber: 'Accelerator:Number',
} as const;

type Specs = Record<string, unknown> | null | undefined;
type Safe = (value: unknown, maxLength?: number) => string | null;

// What Python's float() accepts, minus inf/nan (the column is DECIMAL(10,3)).
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function spec(specs: Specs, key: string): string | null {
  const value = specs && typeof specs === 'object' && Object.hasOwn(specs, key) ? specs[key] : null;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function decimal(text: string | null): number | null {
  return text !== null && DECIMAL.test(text) ? Number(text) : null;
}

export interface BenchmarkFields {
  BenchmarkType: string | null;
  Benchmark: number | null;
  /** Why the pair was left out although the flavor sets some of it. */
  problem: { field: string; message: string } | null;
}

/**
 * apel.md §2.1 `BenchmarkType` (≤ 50 characters) and `Benchmark` from the flavor extra specs
 * `accounting:benchmark_type` / `accounting:benchmark_value`: both or neither.
 */
export function benchmarkOf(specs: Specs, safe: Safe): BenchmarkFields {
  const typeText = spec(specs, SPEC.benchmarkType);
  const valueText = spec(specs, SPEC.benchmarkValue);
  const none = { BenchmarkType: null, Benchmark: null };
  if (typeText === null && valueText === null) return { ...none, problem: null };
  const type = safe(typeText, 50);
  const value = decimal(valueText);
  if (type === null || valueText === null) {
    const field = type === null ? SPEC.benchmarkType : SPEC.benchmarkValue;
    return { ...none, problem: { field: `flavor.extra_specs.${field}`, message: 'set without its pair' } };
  }
  if (value === null || Math.abs(value) >= 1e7) {
    const message = `not a DECIMAL(10,3) number: ${JSON.stringify(valueText)}`;
    return { ...none, problem: { field: `flavor.extra_specs.${SPEC.benchmarkValue}`, message } };
  }
  return { BenchmarkType: type, Benchmark: value, problem: null };
}

export interface AcceleratorSpec {
  type: string;
  /** `"<Vendor> <Model>"`. */
  model: string;
  count: number;
}

/**
 * apel.md §5: a flavor is an accelerator flavor only with all four `Accelerator:*` specs; null
 * when it is not one, a message when it is but `Accelerator:Number` is no positive number.
 */
export function acceleratorOf(specs: Specs, safe: Safe): AcceleratorSpec | null | { problem: string } {
  const type = safe(spec(specs, SPEC.acceleratorType));
  const vendor = spec(specs, SPEC.acceleratorVendor);
  const modelName = spec(specs, SPEC.acceleratorModel);
  const numberText = spec(specs, SPEC.acceleratorNumber);
  const model = vendor !== null && modelName !== null ? safe(`${vendor} ${modelName}`) : null;
  if (type === null || model === null || numberText === null) return null;
  const count = decimal(numberText);
  if (count === null || !(count > 0))
    return { problem: `not a positive number: ${JSON.stringify(numberText)}` };
  return { type, model, count };
}
