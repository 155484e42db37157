import { ApiProperty } from '@nestjs/swagger';
import { DISCOVERY_FAILURE_REASONS } from './discovery.types.js';

const date = { type: String, format: 'date-time', nullable: true } as const;

export class DiscoveryCountsDto {
  @ApiProperty() shares!: number;
  @ApiProperty({ description: 'Flavors × shares.' }) instanceTypes!: number;
  @ApiProperty({ description: 'Images × shares.' }) images!: number;
  @ApiProperty() accelerators!: number;
}

export class DiscoveryProblemDto {
  @ApiProperty({ enum: ['collector', 'builder'] }) source!: string;
  @ApiProperty({ example: 'gocdb' }) subject!: string;
  @ApiProperty() message!: string;
}

export class DiscoveryValidationErrorDto {
  @ApiProperty({ example: '$.CloudComputingEndpoint[0].HealthState' }) path!: string;
  @ApiProperty() message!: string;
}

export class DiscoveryFailureDto {
  @ApiProperty({ type: String, format: 'date-time' }) at!: Date;
  @ApiProperty({ enum: DISCOVERY_FAILURE_REASONS }) reason!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: DiscoveryValidationErrorDto, isArray: true, description: 'With reason invalid.' })
  errors!: DiscoveryValidationErrorDto[];
}

export class DiscoveryEndpointStatusDto {
  @ApiProperty({ description: 'openstack.sites[].name', example: 'cloud-a' }) endpoint!: string;
  @ApiProperty({ description: 'GOCDB site name' }) siteName!: string;
  @ApiProperty({ description: 'Keystone URL the document describes' }) endpointUrl!: string;
  @ApiProperty({ ...date, description: 'CreationTime of the latest valid document; null before one.' })
  builtAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Strong ETag of the latest document.' })
  etag!: string | null;
  @ApiProperty({ type: DiscoveryCountsDto, nullable: true }) counts!: DiscoveryCountsDto | null;
  @ApiProperty({ type: DiscoveryProblemDto, isArray: true, description: 'Of the last build attempt.' })
  problems!: DiscoveryProblemDto[];
  @ApiProperty({ ...date, description: 'CreationTime of the last document queued for publishing.' })
  publishedBuiltAt!: Date | null;
  @ApiProperty({ ...date, description: 'When it was queued into the outbox.' }) publishedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Its outbox message id (SHA-256 of the body).' })
  publishedMessageId!: string | null;
  @ApiProperty({
    type: DiscoveryFailureDto,
    nullable: true,
    description: 'Null when the last attempt worked.',
  })
  failure!: DiscoveryFailureDto | null;
}

export class DiscoveryStatusDto {
  @ApiProperty({
    type: DiscoveryEndpointStatusDto,
    isArray: true,
    description: 'Configured endpoints, in order.',
  })
  endpoints!: DiscoveryEndpointStatusDto[];
}
