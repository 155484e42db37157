import { Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/auth/roles.decorator.js';
import { JobRunner } from './job-runner.service.js';
import { JobStateService } from './job-state.service.js';
import { JobDto, JobRunOutcomeDto } from './jobs.dto.js';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/v1/jobs')
export class JobsController {
  constructor(
    private readonly state: JobStateService,
    private readonly runner: JobRunner,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every scheduled job with its schedule and last run (shared by all replicas).' })
  @ApiOkResponse({ type: JobDto, isArray: true })
  list(): Promise<JobDto[]> {
    return this.state.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: JobDto })
  get(@Param('id') id: string): Promise<JobDto> {
    return this.state.get(id);
  }

  @Post(':id/run')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Run a job now and wait for it; skipped when it is already running here or on another replica.',
  })
  @ApiOkResponse({ type: JobRunOutcomeDto })
  run(@Param('id') id: string): Promise<JobRunOutcomeDto> {
    return this.runner.runNow(id);
  }
}
