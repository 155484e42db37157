import { Controller, Get, Inject, Optional, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../common/auth/public.decorator.js';
import { BrokerProbe } from './broker-probe.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { HealthCheckFilter } from './health-check.filter.js';
import { ShutdownState } from './shutdown-state.js';

@ApiTags('health')
@Public()
@UseFilters(HealthCheckFilter)
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseHealthIndicator,
    private readonly shutdown: ShutdownState,
    @Optional() @Inject(BrokerProbe) private readonly broker: BrokerProbe | null,
  ) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP.' })
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicators.check('process').up({ pid: process.pid })]);
  }

  @Get('readyz')
  @ApiOperation({
    summary: 'Readiness: 503 without the database; a broker outage only degrades (the outbox waits).',
  })
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.check(),
      () => {
        const s = this.indicators.check('shutdown');
        return this.shutdown.stopping ? s.down({ message: 'shutting down' }) : s.up();
      },
      ...(this.broker ? [() => this.brokerCheck(this.broker!)] : []),
    ]);
  }

  private async brokerCheck(probe: BrokerProbe) {
    const state = await probe.state();
    const check = this.indicators.check('broker');
    const data = { reachable: state.reachable, checkedAt: state.checkedAt.toISOString() };
    return state.reachable
      ? check.up(data)
      : check.degraded({ ...data, error: state.error ?? 'unreachable', note: 'messages wait in the outbox' });
  }
}
