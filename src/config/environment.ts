/**
 * The one place that reads `process.env`; everything else receives the values it needs.
 * A snapshot, so later changes to the environment cannot change a running configuration.
 */
export function readEnvironment(): Readonly<Record<string, string | undefined>> {
  return Object.freeze({ ...process.env });
}
