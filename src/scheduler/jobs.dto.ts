import { ApiProperty } from '@nestjs/swagger';

export class JobDto {
  @ApiProperty({ example: 'healthProbe' }) id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'every 30s' }) schedule!: string;
  @ApiProperty() timeoutMs!: number;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextRunAt!: Date | null;
  @ApiProperty({ enum: ['running', 'succeeded', 'skipped', 'failed', 'timeout'], nullable: true })
  lastStatus!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastStartedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastFinishedAt!: Date | null;
  @ApiProperty({ type: Number, nullable: true }) lastDurationMs!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSuccessAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) lastInstance!: string | null;
  @ApiProperty() runsTotal!: number;
  @ApiProperty() failuresTotal!: number;
}

export class JobRunOutcomeDto {
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: ['succeeded', 'skipped', 'failed', 'timeout'] }) status!: string;
  @ApiProperty({ required: false }) reason?: string;
  @ApiProperty({ required: false, type: Object }) details?: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) finishedAt!: Date;
  @ApiProperty() durationMs!: number;
  @ApiProperty() instance!: string;
}
