import { Foundation1764000000000 } from './1764000000000-Foundation.js';
import { Outbox1764100000000 } from './1764100000000-Outbox.js';
import { Accounting1764200000000 } from './1764200000000-Accounting.js';
import { OutboxBodyDeflate1764250000000 } from './1764250000000-OutboxBodyDeflate.js';
import { Discovery1764310000000 } from './1764310000000-Discovery.js';

/**
 * Every migration, oldest first. ESM cannot glob-load classes reliably across ts-jest, tsc output
 * and the container, so they are listed here; a unit test checks that none is missing.
 */
export const migrations = [
  Foundation1764000000000,
  Outbox1764100000000,
  Accounting1764200000000,
  OutboxBodyDeflate1764250000000,
  Discovery1764310000000,
];
