import { ApiProperty } from '@nestjs/swagger';
import { MESSAGE_KINDS } from '../config/config.types.js';
import { OUTBOX_MESSAGE_STATES } from './outbox-view.js';

const date = { type: String, format: 'date-time', nullable: true } as const;
const REASONS = ['unroutable', 'nacked', 'unreachable', 'rejected', 'io', 'timeout'];

export class OutboxStatusRowDto {
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: string;
  @ApiProperty({ example: 'amqp' }) destination!: string;
  @ApiProperty({ description: 'Deliveries not yet published (failing ones included).' }) pending!: number;
  @ApiProperty() published!: number;
  @ApiProperty({ description: 'Pending deliveries whose last attempt failed.' }) failing!: number;
  @ApiProperty({ description: 'Pending deliveries the broker returned as unroutable.' }) unroutable!: number;
  @ApiProperty({ type: Number, nullable: true }) oldestPendingAgeSeconds!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: REASONS }) lastFailureReason!: string | null;
}

export class OutboxKindStatusDto {
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: string;
  @ApiProperty({ description: 'Messages with a delivery not yet published.' }) pendingMessages!: number;
  @ApiProperty({ type: Number, nullable: true }) oldestPendingAgeSeconds!: number | null;
  @ApiProperty({ description: 'Messages stored with no delivery: no enabled destination takes the kind.' })
  withoutDestination!: number;
}

export class OutboxDestinationStatusDto {
  @ApiProperty({ example: 'amqp' }) name!: string;
  @ApiProperty({ description: 'False: deliveries exist but this instance has it disabled.' })
  enabled!: boolean;
  @ApiProperty({ example: 'connected' }) status!: string;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty(date) since!: Date | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: REASONS }) lastFailureReason!: string | null;
  @ApiProperty(date) lastFailedAt!: Date | null;
}

export class OutboxStatusDto {
  @ApiProperty({ type: OutboxStatusRowDto, isArray: true }) rows!: OutboxStatusRowDto[];
  @ApiProperty({ type: OutboxKindStatusDto, isArray: true }) kinds!: OutboxKindStatusDto[];
  @ApiProperty({ type: OutboxDestinationStatusDto, isArray: true })
  destinations!: OutboxDestinationStatusDto[];
  @ApiProperty({ description: 'Deliveries whose last attempt came back unroutable (no queue bound).' })
  unroutable!: number;
}

export class OutboxDeliveryDto {
  @ApiProperty() destination!: string;
  @ApiProperty({ enum: ['pending', 'published'] }) state!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: REASONS }) lastFailureReason!: string | null;
  @ApiProperty(date) lastAttemptAt!: Date | null;
  @ApiProperty({ ...date, description: 'Null once published.' }) nextAttemptAt!: Date | null;
  @ApiProperty(date) claimedUntil!: Date | null;
  @ApiProperty({ type: String, nullable: true }) claimedBy!: string | null;
  @ApiProperty(date) publishedAt!: Date | null;
}

export class OutboxMessageSummaryDto {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'SHA-256 (hex) of the unsigned body.' }) messageId!: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: string;
  @ApiProperty() site!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() recordCount!: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ enum: OUTBOX_MESSAGE_STATES }) state!: string;
  @ApiProperty({ type: OutboxDeliveryDto, isArray: true }) deliveries!: OutboxDeliveryDto[];
}

export class OutboxMessageDto extends OutboxMessageSummaryDto {
  @ApiProperty() body!: string;
}

export class OutboxMessagePageDto {
  @ApiProperty({ type: OutboxMessageSummaryDto, isArray: true }) items!: OutboxMessageSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page.' })
  nextCursor!: string | null;
}

export class OutboxRetryRequestDto {
  @ApiProperty({
    required: false,
    description: 'Message id or numeric id; omit to retry everything pending.',
  })
  id?: string;
}

export class OutboxRetryResultDto {
  @ApiProperty({ description: 'Deliveries made due now.' }) retried!: number;
  @ApiProperty({ type: String, nullable: true }) messageId!: string | null;
}
