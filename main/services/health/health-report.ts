import type { HealthReport } from '../../../shared/contract'
import type { Uses } from '../library-context'

/** Counts of flagged assets and the first `limit` of each flag, read from one snapshot so they agree. */
export function healthReport(lib: Uses<'health'>, limit: number): Promise<HealthReport> {
  return lib.catalog.transaction(
    async ({ health }) => ({
      counts: await health.counts(),
      missing: await health.flagged('missing', limit),
      changed: await health.flagged('changed', limit),
    }),
    { readOnly: true },
  )
}
