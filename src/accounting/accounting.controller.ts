import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { RequireRole } from '../common/auth/roles.decorator.js';
import { AccountingStore } from './accounting.store.js';
import { parseExtractionRequest, parseInstant, parseRecordFilter } from './accounting.params.js';
import { UsageSummaryStore } from './usage-summary.store.js';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { ExtractionService } from './extraction.service.js';

@ApiTags('accounting')
@ApiBearerAuth()
@Controller('api/v1/accounting')
export class AccountingController {
  constructor(
    private readonly extractions: ExtractionService,
    private readonly store: AccountingStore,
    private readonly usageStore: UsageSummaryStore,
  ) {}

  @Post('extractions')
  @HttpCode(202)
  @RequireRole('admin')
  @ApiOperation({
    summary:
      'Extract now: the watermark window of every project, or with from/to a past window (which never ' +
      'moves the watermark). Identical messages are not sent again unless republish is true.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        site: { type: 'string' },
        project: { type: 'string' },
        from: { type: 'string', format: 'date-time' },
        to: { type: 'string', format: 'date-time' },
        republish: { type: 'boolean' },
      },
    },
  })
  @ApiAcceptedResponse({ description: 'The extraction id; follow it at GET extractions/{id}.' })
  async extract(@Body() body: Record<string, unknown>) {
    const { id } = await this.extractions.start(parseExtractionRequest(body));
    return this.extractions.get(id);
  }

  @Get('extractions')
  @ApiOperation({ summary: 'Recent extractions, newest first.' })
  recent() {
    return this.extractions.recent();
  }

  @Get('extractions/:id')
  @ApiOperation({ summary: 'One extraction: state, progress and, when done, its summary.' })
  extraction(@Param('id') id: string) {
    return this.extractions.get(id);
  }

  @Get('records')
  @ApiOperation({
    summary: 'Stored records, filtered, oldest measurement first; follow nextCursor for more.',
  })
  @ApiQuery({ name: 'type', required: false, enum: ['cloud', 'storage', 'ip', 'accelerator'] })
  @ApiQuery({ name: 'site', required: false })
  @ApiQuery({ name: 'vo', required: false })
  @ApiQuery({ name: 'project', required: false })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  records(@Query() query: Record<string, unknown>) {
    return this.store.listRecords(parseRecordFilter(query));
  }

  @Get('usage')
  @ApiOperation({ summary: 'Usage per VO (or project) over a period, as the APEL summariser computes it.' })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: true })
  @ApiQuery({ name: 'groupBy', required: false, enum: ['vo', 'project'] })
  @ApiQuery({ name: 'site', required: false })
  usage(@Query() query: Record<string, unknown>) {
    const from = parseInstant(query.from, 'from');
    const to = parseInstant(query.to, 'to');
    if (!from || !to || from >= to) {
      throw new FedwatchError(ErrorCode.INVALID_ARGUMENT, 'usage needs from < to (ISO 8601 times)');
    }
    const groupBy = query.groupBy === 'project' ? 'project' : 'vo';
    const site = typeof query.site === 'string' && query.site ? query.site : undefined;
    return this.usageStore.summarize({ from, to }, groupBy, site);
  }

  @Get('status')
  @ApiOperation({ summary: "Each project's watermark, last run and last error." })
  async status() {
    const now = Date.now();
    return (await this.store.watermarks()).map((w) => ({
      ...w,
      watermarkAgeSeconds: Math.round((now - w.watermark.getTime()) / 1000),
    }));
  }
}
