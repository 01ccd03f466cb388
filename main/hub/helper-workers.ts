import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

/** A worker process the hub started beside itself (`--workers N`, N > 1). */
export interface HelperWorker {
  /** Asks it to hand its jobs back and stop; settles once it has exited. */
  stop(): Promise<void>
}

// A helper that ended on its own is started again after this long.
const RESTART_MS = 5_000
// How long a helper may take to hand its jobs back before it is killed.
const STOP_MS = 60_000

/**
 * Starts `count` worker processes for the hub at `hub` (the hub's own entry with `worker` first, run as this process
 * runs: the same Node, loader and script, whether from source or a bundle), each with `token` in its environment (the
 * hub's secret for its own helpers, which gets them their setup and nothing else) and a folder of its own under
 * `dataDir`. Their output goes to the hub's; one that ends on its own is started again.
 */
export function startHelperWorkers(count: number, hub: string, token: string, dataDir: string): HelperWorker[] {
  return Array.from({ length: Math.max(0, count) }, (_, at) =>
    helperWorker(hub, token, path.join(dataDir, `worker-${at + 2}`)),
  )
}

function helperWorker(hub: string, token: string, dir: string): HelperWorker {
  let stopping = false
  let child: ChildProcess
  let exited: Promise<void>
  const start = () => {
    child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'worker', '--hub', hub, '--data', dir], {
      env: { ...process.env, FRAMEVAULT_HUB_TOKEN: token },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    exited = new Promise((resolve) => {
      child.on('error', (error) => {
        console.error(`framevault hub: a worker could not start: ${error.message}`)
        resolve()
      })
      child.on('exit', (code, signal) => {
        resolve()
        if (stopping) return
        console.error(
          `framevault hub: a worker ended (${signal ?? `exit ${code}`}); it starts again in ${RESTART_MS / 1000} s.`,
        )
        setTimeout(() => stopping || start(), RESTART_MS).unref()
      })
    })
  }
  start()
  return {
    async stop() {
      stopping = true
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_MS)
      await exited
      clearTimeout(killer)
    },
  }
}
