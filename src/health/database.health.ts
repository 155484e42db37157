import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { DatabaseConnection } from '../database/database-connection.js';

/** The database answers `SELECT 1` within a bound: without it nothing can be recorded. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
  ) {}

  check(timeoutMs = 3000) {
    return this.indicators
      .check('database')
      .attempt(async () => {
        await this.dataSource.query('SELECT 1');
        return { mode: this.connection.mode };
      })
      .withTimeout(timeoutMs);
  }
}
