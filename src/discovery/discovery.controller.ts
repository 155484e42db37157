import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DiscoveryReadService } from './discovery-read.service.js';
import { DiscoveryStatusDto } from './discovery.dto.js';
import { ifNoneMatchHits } from './etag.js';

@ApiTags('discovery')
@ApiBearerAuth()
@Controller('api/v1/discovery')
export class DiscoveryController {
  constructor(private readonly reader: DiscoveryReadService) {}

  @Get()
  @ApiOperation({
    summary:
      'Per configured OpenStack endpoint: when its latest GLUE document was built and the last one ' +
      'published, what they hold, the problems of the last build and its failure, if any.',
  })
  @ApiOkResponse({ type: DiscoveryStatusDto })
  async status(): Promise<DiscoveryStatusDto> {
    return { endpoints: await this.reader.status() };
  }

  @Get('glue21')
  @ApiOperation({
    summary:
      'The latest valid GLUE 2.1 cloud-info document of one endpoint, exactly as written to the data ' +
      'directory, with a strong ETag (SHA-256 of the body); If-None-Match with it answers 304.',
  })
  @ApiQuery({
    name: 'endpoint',
    required: false,
    description:
      'openstack.sites[].name; required when several endpoints are configured (400 otherwise). ' +
      'GET /api/v1/discovery lists them.',
  })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from a previous answer.' })
  @ApiProduces('application/json')
  @ApiOkResponse({
    description: 'The document (glue-cloud-info.md §1); header ETag.',
    schema: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object' } } },
  })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag given in If-None-Match.' })
  @ApiNotFoundResponse({ description: 'No such endpoint, or no valid document built for it yet.' })
  async document(
    @Query('endpoint') endpoint: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const document = await this.reader.document(endpoint || undefined);
    // no-cache: caches may keep it, but must ask (cheaply, with the ETag) before reusing it.
    res.setHeader('ETag', document.etag);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Last-Modified', document.builtAt.toUTCString());
    if (ifNoneMatchHits(ifNoneMatch, document.etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).type('application/json').send(document.body);
  }
}
