import { Inject, Injectable } from '@nestjs/common';
import { packageName, packageVersion } from '../common/package-info.js';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig } from '../config/config.types.js';
import { DatabaseConnection } from '../database/database-connection.js';

export interface SystemInfo {
  name: string;
  version: string;
  nodeVersion: string;
  siteName: string;
  gocdbId: string | null;
  databaseMode: 'embedded' | 'postgres';
  startedAt: Date;
  sources: { openstackSites: number; rancherServers: number; kubernetesClusters: number };
}

/** What this instance is; served by REST, gRPC and the CLI alike. Never includes a secret. */
@Injectable()
export class SystemService {
  private readonly startedAt = new Date();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DatabaseConnection) private readonly database: DatabaseConnection,
  ) {}

  info(): SystemInfo {
    return {
      name: packageName,
      version: packageVersion,
      nodeVersion: process.version,
      siteName: this.config.site.name,
      gocdbId: this.config.site.gocdbId,
      databaseMode: this.database.mode,
      startedAt: this.startedAt,
      sources: {
        openstackSites: this.config.openstack.sites.length,
        rancherServers: this.config.rancher.servers.length,
        kubernetesClusters: this.config.kubernetes.clusters.length,
      },
    };
  }
}
