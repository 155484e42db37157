import { Global, Module } from '@nestjs/common';
import { GrpcServer } from './grpc-server.js';

@Global()
@Module({ providers: [GrpcServer], exports: [GrpcServer] })
export class GrpcModule {}
