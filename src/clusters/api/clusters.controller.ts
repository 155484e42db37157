import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ClustersService } from './clusters.service.js';

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('api/v1/clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  @ApiOperation({
    summary:
      'Every cluster of every configured Rancher server and Kubernetes cluster, with its Rancher v3 object ' +
      '(`v3`). Waits for the first answer of each source after start, at most 30 s.',
  })
  @ApiQuery({ name: 'source', required: false, description: 'Only clusters of this configured source.' })
  async list(@Query('source') source?: string) {
    return { clusters: await this.clusters.list({ source: source || undefined }) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One cluster, by fedwatch id (`<source>:<id>`) or by its Rancher id when unique.',
  })
  get(@Param('id') id: string) {
    return this.clusters.get(id);
  }

  @Get(':id/nodes')
  @ApiOperation({ summary: 'The nodes of one cluster, with the node pools the POOL column names.' })
  nodes(@Param('id') id: string) {
    return this.clusters.nodes(id);
  }
}
