import { ApiProperty } from '@nestjs/swagger';

export class SourceCountsDto {
  @ApiProperty() openstackSites!: number;
  @ApiProperty() rancherServers!: number;
  @ApiProperty() kubernetesClusters!: number;
}

export class SystemInfoDto {
  @ApiProperty({ example: 'fedwatch' }) name!: string;
  @ApiProperty({ example: '0.1.0' }) version!: string;
  @ApiProperty({ example: 'v20.20.2' }) nodeVersion!: string;
  @ApiProperty({ description: 'GOCDB site name', example: 'CESNET-MCC' }) siteName!: string;
  @ApiProperty({ type: String, nullable: true, example: '1234G0' }) gocdbId!: string | null;
  @ApiProperty({ enum: ['embedded', 'postgres'] }) databaseMode!: string;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt!: Date;
  @ApiProperty({ type: SourceCountsDto }) sources!: SourceCountsDto;
}
