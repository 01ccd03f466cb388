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
  if (owner.pid === null || !signalReaches(owner.pid)) return false
  // One read of /proc: the sweep asks this of every unfinished job at each heartbeat.
  const stat = processStat(owner.pid)
  if (stat === null) return true
  if (isExited(stat.state)) return false
  return owner.started === null || stat.started === null || stat.started === owner.started
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
  return signalReaches(pid) && !isExited(processStat(pid)?.state)
}

/** Whether a pid names a process at all (EPERM: one of another user), as kill(pid, 0) tells; zombies included. */
function signalReaches(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Linux's state letters of a process that has exited and waits to be reaped (zombie) or is being reaped. */
const isExited = (state: string | undefined) => state === 'Z' || state === 'X'
