import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GrpcServer } from '../grpc/grpc-server.js';
import { toTimestamp } from '../grpc/grpc-method.js';
import { JobStateService } from '../scheduler/job-state.service.js';
import type { JobView } from '../scheduler/job-view.js';
import { SystemService } from './system.service.js';

/** `fedwatch.v1.SystemService`: the same read model as `GET /api/v1/system`. */
@Injectable()
export class SystemGrpcController implements OnModuleInit {
  constructor(
    private readonly grpc: GrpcServer,
    private readonly system: SystemService,
    private readonly jobs: JobStateService,
  ) {}

  onModuleInit(): void {
    this.grpc.register('fedwatch.v1.SystemService', {
      GetInfo: { role: 'read', handle: async () => this.getInfo() },
      ListJobs: { role: 'read', handle: async () => ({ jobs: (await this.jobs.list()).map(toGrpcJob) }) },
    });
  }

  private getInfo() {
    const info = this.system.info();
    return {
      name: info.name,
      version: info.version,
      nodeVersion: info.nodeVersion,
      siteName: info.siteName,
      gocdbId: info.gocdbId ?? '',
      databaseMode: info.databaseMode,
      startedAt: toTimestamp(info.startedAt),
      sources: info.sources,
    };
  }
}

function toGrpcJob(job: JobView) {
  return {
    id: job.id,
    description: job.description,
    schedule: job.schedule,
    enabled: job.enabled,
    lastStatus: job.lastStatus ?? '',
    lastReason: job.lastReason ?? '',
    lastStartedAt: toTimestamp(job.lastStartedAt),
    lastFinishedAt: toTimestamp(job.lastFinishedAt),
    lastSuccessAt: toTimestamp(job.lastSuccessAt),
    lastDurationMs: job.lastDurationMs ?? 0,
    runsTotal: String(job.runsTotal),
    failuresTotal: String(job.failuresTotal),
  };
}
