import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SystemInfoDto } from './system.dto.js';
import { SystemService } from './system.service.js';

@ApiTags('system')
@ApiBearerAuth()
@Controller('api/v1/system')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  @Get()
  @ApiOperation({ summary: 'Version, site and configured sources of this instance.' })
  @ApiOkResponse({ type: SystemInfoDto })
  info(): SystemInfoDto {
    return this.system.info();
  }
}
