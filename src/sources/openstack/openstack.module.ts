import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MetricsService } from '../../observability/metrics.service.js';
import { HttpOpenStackClientFactory, OpenStackClientFactory } from './openstack-client.factory.js';
import { OpenStackUsageCollector } from './usage/usage-collector.js';

/**
 * The OpenStack source: a client factory (one keep-alive transport per site, one client per
 * credential, tokens reused across runs) and the usage collector the accounting job calls.
 */
@Module({
  providers: [
    {
      provide: OpenStackClientFactory,
      useFactory: (metrics: MetricsService) => new HttpOpenStackClientFactory({ registry: metrics.registry }),
      inject: [MetricsService],
    },
    {
      provide: OpenStackUsageCollector,
      useFactory: (factory: OpenStackClientFactory) => new OpenStackUsageCollector(factory),
      inject: [OpenStackClientFactory],
    },
  ],
  exports: [OpenStackClientFactory, OpenStackUsageCollector],
})
export class OpenStackModule implements OnApplicationShutdown {
  constructor(@Inject(OpenStackClientFactory) private readonly factory: OpenStackClientFactory) {}

  async onApplicationShutdown(): Promise<void> {
    await this.factory.close();
  }
}
