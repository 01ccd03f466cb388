import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const KB = 1024

/** A process's resident set in bytes (VmRSS), or 0 once it is gone. */
export function residentBytes(pid: number): number {
  return statusField(pid, 'VmRSS') ?? 0
}

/**
 * The memory of the PostgreSQL server running on the data folder `dataDir` (its postmaster.pid) and every process it
 * forked: their proportional set sizes summed (Pss), so the shared buffers every backend maps count once, not once
 * per backend as a sum of their resident sets would.
 */
export function postgresBytes(dataDir: string): number {
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  return [postmaster, ...childrenOf(postmaster)].reduce((sum, pid) => sum + proportionalBytes(pid), 0)
}

function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => statusField(pid, 'PPid', 1) === parent)
}

function proportionalBytes(pid: number): number {
  const rollup = readQuietly(`/proc/${pid}/smaps_rollup`)
  const match = rollup && /^Pss:\s+(\d+) kB/m.exec(rollup)
  return match ? Number(match[1]) * KB : 0
}

/** A field of /proc/PID/status in bytes (`unit` 1 for a plain number, such as PPid); undefined once it is gone. */
function statusField(pid: number, field: string, unit = KB): number | undefined {
  const status = readQuietly(`/proc/${pid}/status`)
  const match = status && new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)
  return match ? Number(match[1]) * unit : undefined
}

// A process may end between listing /proc and reading it.
function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}
