import { Logger, type Provider } from '@nestjs/common';
import { AmqpDestination } from './amqp/amqp.destination.js';
import { DirectoryQueueDestination } from './dirq/index.js';
import { SmimeSigner } from './signing/index.js';
import { registerCertificateExpiry } from './signing/signing.metrics.js';
import { MetricsService } from '../observability/metrics.service.js';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig } from '../config/config.types.js';
import { MESSAGE_DESTINATIONS, type MessageDestination } from './message-destination.port.js';

/**
 * The enabled destinations, built once from the configuration. Zero destinations is a valid state:
 * messages are then kept in the outbox (visible in `fedwatch outbox status`) and not published.
 */
export async function createDestinations(
  config: AppConfig,
  metrics?: MetricsService,
): Promise<MessageDestination[]> {
  const destinations: MessageDestination[] = [];
  const { amqp, directoryQueue, signing, outbox } = config.federation;
  if (amqp.url) {
    // Signing is for the AMQP destination only (the SSM sender signs what it reads from the
    // directory queue); a bad certificate or key stops the start with a clear error.
    const signer =
      signing.certificate && signing.key
        ? SmimeSigner.fromFiles(signing.certificate, signing.key, { now: new Date() })
        : null;
    if (signer && metrics) registerCertificateExpiry(metrics.registry, signer);
    const destination = new AmqpDestination(amqp, {
      site: config.site.name,
      signer,
      logger: nestLogger('AMQP'),
      // Outcomes must come back before the relay abandons the call (half the lease).
      confirmTimeoutMs: outbox.leaseSeconds * 400,
    });
    await destination.start();
    destinations.push(destination);
  }
  if (directoryQueue.path) destinations.push(new DirectoryQueueDestination(directoryQueue));
  return unique(destinations);
}

/** A name is the key of a delivery row: two destinations with one name would share deliveries. */
function unique(destinations: MessageDestination[]): MessageDestination[] {
  const names = destinations.map((d) => d.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) {
    throw new FedwatchError(ErrorCode.CONFIG_INVALID, `two message destinations are named ${twice[0]}`);
  }
  return destinations;
}

export const destinationsProvider: Provider = {
  provide: MESSAGE_DESTINATIONS,
  useFactory: createDestinations,
  inject: [APP_CONFIG, MetricsService],
};

/** The AMQP destination logs pino-style (fields, message); route that to Nest's logger. */
function nestLogger(context: string) {
  const logger = new Logger(context);
  return {
    info: (fields: Record<string, unknown>, msg: string) => logger.log({ ...fields, msg }),
    warn: (fields: Record<string, unknown>, msg: string) => logger.warn({ ...fields, msg }),
    error: (fields: Record<string, unknown>, msg: string) => logger.error({ ...fields, msg }),
  };
}
