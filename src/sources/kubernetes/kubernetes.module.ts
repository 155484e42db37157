import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { KubernetesClientFactory } from './kubernetes-client.port.js';
import { WatchingKubernetesClientFactory } from './kubernetes-client.factory.js';

/**
 * The Kubernetes source: a factory of watching clients, one per `kubernetes.clusters[]` entry.
 * Whoever consumes the clusters (the cluster registry) asks it for each entry's client, starts it
 * and reads its snapshots; the module stops them all at shutdown.
 */
@Module({
  providers: [
    {
      provide: KubernetesClientFactory,
      useFactory: () => new WatchingKubernetesClientFactory({ logger: new Logger('Kubernetes') }),
    },
  ],
  exports: [KubernetesClientFactory],
})
export class KubernetesModule implements OnApplicationShutdown {
  constructor(@Inject(KubernetesClientFactory) private readonly factory: KubernetesClientFactory) {}

  async onApplicationShutdown(): Promise<void> {
    await this.factory.close();
  }
}
