/** What runs SQL the TypeORM way: a DataSource, or the EntityManager of a caller's transaction. */
export interface SqlRunner {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own signature
  query(sql: string, parameters?: any[]): Promise<any>;
}

/** TypeORM answers UPDATE and DELETE with `[rows, rowCount]` and every other statement with `rows`. */
function isWriteResult(result: unknown): result is [unknown[], number] {
  return (
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
  );
}

/** The rows of any statement (RETURNING rows for writes). */
export async function queryRows<T>(db: SqlRunner, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  return (isWriteResult(result) ? result[0] : result) as T[];
}

/** How many rows an UPDATE or DELETE touched. */
export async function queryCount(db: SqlRunner, sql: string, params: unknown[] = []): Promise<number> {
  const result: unknown = await db.query(sql, params);
  return isWriteResult(result) ? result[1] : Array.isArray(result) ? result.length : 0;
}

/** pg returns bigint and numeric as strings; our ids and counts stay far below 2^53. */
export const toNumber = (value: string | number | null): number => (value === null ? 0 : Number(value));
