import { readJobSignal, type JobSignal, type JobSignals } from '../../jobs/job-signals'
import type { SqlEngine } from '../sql/sql-engine'

/** The channel a hub's runners signal each other on (the change feed's connection listens to it). */
export const JOB_CHANNEL = 'framevault_jobs'

/**
 * Job signals between the runners of one PostgreSQL catalogue: sent with `pg_notify` (a hint: one lost in a dropped
 * connection is made up for at the next beat), heard through `heard`, which the change feed's listening connection
 * calls with each payload on `JOB_CHANNEL`.
 */
export function postgresJobSignals(sql: SqlEngine) {
  const hearers = new Set<(signal: JobSignal) => void>()
  const signals: JobSignals = {
    send(signal) {
      sql
        .run('SELECT pg_notify(?, ?)', [JOB_CHANNEL, JSON.stringify(signal)])
        .catch((error: unknown) => console.error('framevault: a job signal was not sent:', (error as Error).message))
    },
    listen(heard) {
      hearers.add(heard)
      return () => void hearers.delete(heard)
    },
  }
  return {
    signals,
    heard(payload: string | undefined): void {
      const signal = readJobSignal(payload)
      if (signal) for (const heard of hearers) heard(signal)
    },
  }
}
