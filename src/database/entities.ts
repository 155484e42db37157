import type { EntitySchema, MixedList } from 'typeorm';

/**
 * Every TypeORM entity, listed explicitly for the same reason as the migrations: the data source
 * is built before Nest starts (migrations run first), so modules cannot add entities later.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity type
export const entities: MixedList<Function | string | EntitySchema> = [];
