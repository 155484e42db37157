import { z } from 'zod';
import { MESSAGE_KINDS } from './config.types.js';
import { bool, enumOf, int, list, nullable, section, text, url } from './config.schema.primitives.js';

const kind = enumOf(MESSAGE_KINDS);
const APEL_KINDS = [
  'accounting.cloud',
  'accounting.storage',
  'accounting.ip',
  'accounting.accelerator',
] as const;

/** Federation output: AMQP, the SSM directory queue, signing and the outbox that feeds them. */
export function federationSchema() {
  return section(
    z.strictObject({
      amqp: section(
        z.strictObject({
          url: nullable(url(['amqp:', 'amqps:'], 'an AMQP')),
          exchange: text.default('fedwatch.federation'),
          routingKeys: z.partialRecord(kind, text).default({}),
          kinds: list(kind).transform((k) => (k.length ? k : [...MESSAGE_KINDS])),
          declareQueues: bool.default(true),
          bindings: list(z.strictObject({ queue: text, routingKey: text })),
          heartbeatSeconds: int(0, 3600).default(30),
        }),
      ),
      directoryQueue: section(
        z.strictObject({
          path: nullable(text),
          // The SSM sender carries APEL messages only; GLUE documents go over AMQP.
          kinds: z.array(enumOf(APEL_KINDS)).default(['accounting.cloud', 'accounting.storage']),
          layout: enumOf(['dirq', 'directory']).default('dirq'),
        }),
      ),
      signing: section(z.strictObject({ certificate: nullable(text), key: nullable(text) })),
      outbox: section(
        z.strictObject({
          retentionDays: int(1, 3650).default(30),
          batchSize: int(1, 10_000).default(200),
          leaseSeconds: int(5, 3600).default(60),
          maxBackoffSeconds: int(1, 86_400).default(900),
        }),
      ),
    }),
  );
}

/** Accounting extraction: record-type switches (apel.md §8), windows and wire formatting. */
export function accountingSchema() {
  return section(
    z.strictObject({
      recordTypes: section(
        z.strictObject({
          cloud: bool.default(true),
          storage: bool.default(true),
          ip: bool.default(false),
          accelerator: bool.default(false),
        }),
      ),
      maxWindowSeconds: int(60, 31 * 86_400).default(86_400),
      initialLookbackSeconds: int(60, 366 * 86_400).default(86_400),
      transliterate: bool.default(false),
      recordsPerMessage: int(1, 100).default(100),
      cloudComputeService: nullable(text),
    }),
  );
}

/** GLUE discovery: where the GOCDB id comes from, how long documents are valid, which flavors. */
export function discoverySchema() {
  return section(
    z.strictObject({
      gocdbUrl: nullable(url(['http:', 'https:'], 'an HTTP')),
      gocdbCacheSeconds: int(0, 30 * 86_400).default(86_400),
      validitySeconds: int(60, 30 * 86_400).default(43_200),
      flavorSelection: enumOf(['public', 'all', 'private']).default('public'),
      // Inside dataDir, so that the service never writes where the operator did not point it.
      outputDir: text
        .refine((dir) => !dir.startsWith('/') && !dir.split(/[\\/]/).includes('..'), {
          message: 'must be a path inside dataDir (relative, without ..)',
        })
        .default('discovery/glue21'),
    }),
  );
}
