import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { ApiRole } from '../../config/config.types.js';
import { IS_PUBLIC } from './public.decorator.js';
import { REQUIRED_ROLE } from './roles.decorator.js';
import { TokenAuthenticator } from './token-authenticator.js';

/** Global REST guard: a valid bearer token with the role the handler requires (default `read`). */
@Injectable()
export class ApiAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenAuthenticator) private readonly auth: TokenAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const required = this.reflector.getAllAndOverride<ApiRole>(REQUIRED_ROLE, targets) ?? 'read';
    const req = context.switchToHttp().getRequest<Request>();
    const principal = this.auth.authenticate(req.headers.authorization);
    this.auth.authorize(principal, required);
    return true;
  }
}
