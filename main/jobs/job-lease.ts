import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { currentOwner, ownerIsAlive } from './process-owner'

/** Who holds a job: an id no other runner anywhere has, and the host and process it runs in. */
export interface LeaseOwner {
  id: string
  host: string
  pid: number
  /** The process's start time (see process-owner), for the same-host fast path. */
  started: string | null
}

/** An unfinished job's holder as stored: a lease (owner id and expiry) or, for rows older than leases, a pid alone. */
export interface StoredLease {
  ownerId: string | null
  ownerHost: string | null
  pid: number | null
  started: string | null
  /** Epoch milliseconds; null for rows written before leases. */
  leaseUntil: number | null
}

// Long enough that a busy event loop never misses a renewal, short enough that a vanished machine's work comes back soon.
const DEFAULT_LEASE_MS = 30_000
/** The environment variable that sets the lease of a process's jobs (for tests of CLI child processes). */
export const LEASE_ENV = 'FRAMEVAULT_JOB_LEASE_MS'

/** A new owner for a runner in this process: host, pid and a random part (two runners of one process are two owners). */
export function newLeaseOwner(): LeaseOwner {
  const { pid, started } = currentOwner()
  const host = os.hostname()
  return { id: `${host}:${pid}:${randomBytes(6).toString('hex')}`, host, pid, started }
}

/** The lease length: the one given, else $FRAMEVAULT_JOB_LEASE_MS when it is a positive number, else 30 s. */
export function leaseMs(given: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (given !== undefined) return given
  const fromEnv = Number(env[LEASE_ENV])
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_LEASE_MS
}

/**
 * Whether a job's holder has lost it at `now`: its lease ran out, or (at once, so a crash is seen at the next
 * open) its owner is a process of this host that is gone. A row older than leases is lost when its pid is gone.
 */
export function leaseLost(lease: StoredLease, now: number, host: string): boolean {
  const processGone = !ownerIsAlive({ pid: lease.pid, started: lease.started })
  if (lease.leaseUntil === null) return processGone
  if (lease.leaseUntil <= now) return true
  return lease.ownerHost === host && processGone
}
