import { Injectable, type OnModuleInit } from '@nestjs/common';
import { toTimestamp } from '../grpc/grpc-method.js';
import { GrpcServer } from '../grpc/grpc-server.js';
import { DiscoveryReadService, type EndpointStatus } from './discovery-read.service.js';

/** `fedwatch.v1.DiscoveryService`: the same read models as /api/v1/discovery. */
@Injectable()
export class DiscoveryGrpcController implements OnModuleInit {
  constructor(
    private readonly grpc: GrpcServer,
    private readonly reader: DiscoveryReadService,
  ) {}

  onModuleInit(): void {
    this.grpc.register('fedwatch.v1.DiscoveryService', {
      GetDocument: { role: 'read', handle: (req) => this.document((req as { endpoint?: string }).endpoint) },
      GetStatus: { role: 'read', handle: () => this.status() },
    });
  }

  private async document(endpoint: string | undefined) {
    const d = await this.reader.document(endpoint || undefined);
    return {
      endpoint: d.endpoint,
      siteName: d.siteName,
      json: d.body,
      etag: d.etag,
      builtAt: toTimestamp(d.builtAt),
    };
  }

  private async status() {
    return { endpoints: (await this.reader.status()).map(toMessage) };
  }
}

function toMessage(s: EndpointStatus) {
  return {
    endpoint: s.endpoint,
    siteName: s.siteName,
    endpointUrl: s.endpointUrl,
    builtAt: toTimestamp(s.builtAt),
    etag: s.etag ?? '',
    counts: s.counts,
    problems: s.problems,
    publishedBuiltAt: toTimestamp(s.publishedBuiltAt),
    publishedAt: toTimestamp(s.publishedAt),
    publishedMessageId: s.publishedMessageId ?? '',
    failure: s.failure ? { ...s.failure, at: toTimestamp(s.failure.at) } : null,
  };
}
