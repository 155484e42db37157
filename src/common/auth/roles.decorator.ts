import { SetMetadata } from '@nestjs/common';
import type { ApiRole } from '../../config/config.types.js';

export const REQUIRED_ROLE = 'fedwatch:role';
/** Endpoints that change state need `admin`; everything else needs at least `read`. */
export const RequireRole = (role: ApiRole) => SetMetadata(REQUIRED_ROLE, role);
