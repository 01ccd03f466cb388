import type { HealthReport } from '../../../shared/contract'
import type { Library } from '../../app/library-context'

/** Counts of flagged assets and the first `limit` of each flag, read in one snapshot so they agree. */
export function healthReport(lib: Pick<Library, 'db' | 'repos'>, limit: number): HealthReport {
  return lib.db.transaction(() => ({
    counts: lib.repos.health.counts(),
    missing: lib.repos.health.flagged('missing', limit),
    changed: lib.repos.health.flagged('changed', limit),
  }))()
}
