import type { Migration } from '../migration'

/**
 * Jobs are held by a lease, not a local pid (issue 33, point 1): the owner id (host, pid and a random part), the
 * owner's host (so a dead pid is only trusted on its own machine) and the lease's expiry in epoch milliseconds,
 * renewed while the job runs. Additive: rows written before keep only owner_pid and are judged by it as before.
 */
export const migration: Migration = {
  version: 370,
  name: 'job-leases',
  up(db) {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN owner_id TEXT;
      ALTER TABLE jobs ADD COLUMN owner_host TEXT;
      ALTER TABLE jobs ADD COLUMN lease_until INTEGER;
    `)
  },
}
