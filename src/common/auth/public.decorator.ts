import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'fedwatch:public';
/** Health, readiness, metrics and the API docs are open: probes and scrapers carry no token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
