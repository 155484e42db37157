import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Window } from './accounting.types.js';

export interface UsageSummaryRow {
  site: string;
  /** The VO or the project id, depending on the grouping. */
  group: string;
  vms: number;
  wallSeconds: number;
  cpuSeconds: number;
}

/**
 * Usage over a period the way the APEL summariser computes it: per VM, its last cumulative
 * total measured in the period minus its last total measured before it, summed per VO or project.
 * Records are kept per VM and month, so periods aligned to months are exact.
 */
@Injectable()
export class UsageSummaryStore {
  constructor(private readonly dataSource: DataSource) {}

  async summarize(period: Window, groupBy: 'vo' | 'project', site?: string): Promise<UsageSummaryRow[]> {
    const groupColumn = groupBy === 'vo' ? 'vo' : 'project_id';
    const rows = (await this.dataSource.query(
      `WITH cur AS (
         SELECT fields->>'VMUUID' AS vm, site, ${groupColumn} AS grp,
                max((fields->>'WallDuration')::bigint) AS wall, max((fields->>'CpuDuration')::bigint) AS cpu
           FROM accounting_record
          WHERE type = 'cloud' AND measured_at >= $1 AND measured_at < $2 AND ($3::text IS NULL OR site = $3)
          GROUP BY 1, 2, 3),
       prev AS (
         SELECT fields->>'VMUUID' AS vm,
                max((fields->>'WallDuration')::bigint) AS wall, max((fields->>'CpuDuration')::bigint) AS cpu
           FROM accounting_record
          WHERE type = 'cloud' AND measured_at < $1 AND fields->>'VMUUID' IN (SELECT vm FROM cur)
          GROUP BY 1)
       SELECT cur.site, cur.grp, count(*)::int AS vms,
              sum(GREATEST(cur.wall - coalesce(prev.wall, 0), 0))::bigint AS wall,
              sum(GREATEST(cur.cpu - coalesce(prev.cpu, 0), 0))::bigint AS cpu
         FROM cur LEFT JOIN prev ON prev.vm = cur.vm
        GROUP BY cur.site, cur.grp ORDER BY cur.site, cur.grp`,
      [period.from, period.to, site ?? null],
    )) as { site: string; grp: string; vms: number; wall: string; cpu: string }[];
    return rows.map((r) => ({
      site: r.site,
      group: r.grp,
      vms: r.vms,
      wallSeconds: Number(r.wall),
      cpuSeconds: Number(r.cpu),
    }));
  }
}
