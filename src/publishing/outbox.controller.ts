import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/auth/roles.decorator.js';
import { ErrorCode, FedwatchError } from '../common/errors/index.js';
import { MESSAGE_KINDS } from '../config/config.types.js';
import {
  OutboxMessageDto,
  OutboxMessagePageDto,
  OutboxRetryRequestDto,
  OutboxRetryResultDto,
  OutboxStatusDto,
} from './outbox.dto.js';
import { OutboxService } from './outbox.service.js';
import { OUTBOX_MESSAGE_STATES } from './outbox-view.js';

@ApiTags('outbox')
@ApiBearerAuth()
@Controller('api/v1/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @ApiOperation({ summary: 'Outbox counts per kind and destination, oldest pending ages, last errors.' })
  @ApiOkResponse({ type: OutboxStatusDto })
  status(): Promise<OutboxStatusDto> {
    return this.outbox.status();
  }

  // Declared before ':id' so that "messages" is not taken for a message id.
  @Get('messages')
  @ApiOperation({ summary: 'Messages newest first, without their bodies; page with cursor.' })
  @ApiQuery({ name: 'kind', required: false, enum: MESSAGE_KINDS })
  @ApiQuery({ name: 'state', required: false, enum: OUTBOX_MESSAGE_STATES })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1–500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ type: OutboxMessagePageDto })
  list(
    @Query('kind') kind?: string,
    @Query('state') state?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<OutboxMessagePageDto> {
    return this.outbox.list({ kind, state, limit, cursor });
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One message by message id (SHA-256 hex) or numeric id, with body and deliveries.',
  })
  @ApiOkResponse({ type: OutboxMessageDto })
  show(@Param('id') id: string): Promise<OutboxMessageDto> {
    return this.outbox.show(id);
  }

  @Post('retry')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Make pending deliveries due now (attempts kept): one message, or all when no id is given.',
  })
  @ApiOkResponse({ type: OutboxRetryResultDto })
  retry(@Body() body: OutboxRetryRequestDto | undefined): Promise<OutboxRetryResultDto> {
    const id = body?.id;
    if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
      throw new FedwatchError(ErrorCode.INVALID_ARGUMENT, 'id must be a string', { id });
    }
    return this.outbox.retry(id === undefined ? undefined : String(id));
  }
}
