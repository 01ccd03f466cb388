import { readdirSync, readFileSync } from 'node:fs'

// Linux reports CPU times in clock ticks of 1/100 s (USER_HZ) in /proc/<pid>/stat.
const TICKS_PER_SECOND = 100

interface ProcessTimes {
  parent: number
  /** Its own user + system time and that of its children it has reaped, in ticks. */
  ticks: number
}

/**
 * CPU seconds (user + system) the process `root` and every process under it used so far (but the tree under
 * `without`): the live ones' own and those that ended, once reaped, through their parent's. 0 when /proc is not there
 * (not Linux) or it is gone.
 */
export function treeCpuSeconds(root: number, without?: number): number {
  const all = processTimes()
  const children = new Map<number, number[]>()
  for (const [pid, { parent }] of all) children.set(parent, [...(children.get(parent) ?? []), pid])
  let ticks = 0
  for (const pending = [root]; pending.length > 0;) {
    const pid = pending.pop()!
    if (pid === without) continue
    ticks += all.get(pid)?.ticks ?? 0
    pending.push(...(children.get(pid) ?? []))
  }
  return ticks / TICKS_PER_SECOND
}

function processTimes(): Map<number, ProcessTimes> {
  const times = new Map<number, ProcessTimes>()
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return times
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // ended meanwhile
    }
    // After the command's name (in parentheses, which may hold spaces): state, parent, … utime, stime, cutime, cstime.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number)
    times.set(Number(entry), { parent: Number(fields[1]), ticks: utime! + stime! + cutime! + cstime! })
  }
  return times
}
