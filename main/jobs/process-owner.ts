import { readFileSync } from 'node:fs'

/** A process by pid and start time: the start time tells a live owner from a reused pid. */
export interface ProcessOwner {
  pid: number
  /** Start time as the OS reports it (Linux: clock ticks since boot); null where it cannot be read. */
  started: string | null
}

let self: ProcessOwner | undefined

/** This process as an owner of jobs. */
export function currentOwner(): ProcessOwner {
  self ??= { pid: process.pid, started: processStartTime(process.pid) }
  return self
}

/**
 * True when the owner still runs: its pid is alive and, where start times can be read, it is
 * the same process (not a new one that got the pid after the owner died). A process that has
 * exited but is not yet reaped (a zombie) does not run.
 */
export function ownerIsAlive(owner: { pid: number | null; started: string | null }): boolean {
  if (owner.pid === null) return false
  if (!pidIsAlive(owner.pid)) return false
  const stat = processStat(owner.pid)
  if (owner.started === null || stat === null) return true
  return stat.started === null || stat.started === owner.started
}

/** Start time of a process from /proc/<pid>/stat field 22 (Linux only); null elsewhere or when gone. */
export function processStartTime(pid: number): string | null {
  return processStat(pid)?.started ?? null
}

/**
 * A process's state letter (field 3) and start time (field 22) from /proc/<pid>/stat (Linux only);
 * null elsewhere or when gone.
 */
function processStat(pid: number): { state: string; started: string | null } | null {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // Field 2 (the command name) is in parentheses and may hold spaces or ')': count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // After the name, the first field is field 3 (state), so field 22 is index 19.
  const starttime = fields[19]
  return { state: fields[0] ?? '', started: starttime && /^\d+$/.test(starttime) ? starttime : null }
}

/**
 * True when a process with this pid runs (EPERM: it exists but belongs to another user); an exited
 * process its parent has not reaped yet (Linux state Z or X) does not.
 */
export function pidIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const state = processStat(pid)?.state
  return state !== 'Z' && state !== 'X'
}
