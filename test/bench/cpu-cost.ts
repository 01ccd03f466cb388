import { readFileSync } from 'node:fs'

// Linux counts child CPU time in clock ticks of 1/100 s (USER_HZ).
const TICKS_PER_SECOND = 100

/** Wall seconds, and CPU seconds of this process and of the children it waited for meanwhile. */
export type Cost = { wall: number; cpu: number }

/** What a run costs in wall and CPU seconds (this process's and its finished children's). */
export async function measured(run: () => Promise<unknown>): Promise<Cost> {
  const [cpuBefore, childrenBefore, started] = [process.cpuUsage(), childrenCpuSeconds(), performance.now()]
  await run()
  const own = process.cpuUsage(cpuBefore)
  return {
    wall: (performance.now() - started) / 1000,
    cpu: (own.user + own.system) / 1e6 + childrenCpuSeconds() - childrenBefore,
  }
}

/** CPU seconds of the children this process has waited for (cutime + cstime of /proc/self/stat). */
function childrenCpuSeconds(): number {
  // The fields after the command name, which is in parentheses and may hold spaces; cutime is field 16.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND
}
