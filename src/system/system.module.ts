import { Module } from '@nestjs/common';
import { SystemController } from './system.controller.js';
import { SystemGrpcController } from './system.grpc.controller.js';
import { SystemService } from './system.service.js';

@Module({
  controllers: [SystemController],
  providers: [SystemService, SystemGrpcController],
  exports: [SystemService],
})
export class SystemModule {}
