import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { currentOwner, ownerIsAlive, pidIsAlive, type ProcessOwner } from '../../jobs/process-owner'

// Beside the data folder: the process that started its server (pid and start time).
const OWNER_FILE = 'postgres-owner.json'
const STOP_TIMEOUT_MS = 30_000

/** Notes this process as the one that runs the server of the data beside `dir`'s owner file. */
export function noteServerOwner(dir: string): void {
  writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(currentOwner()))
}

/**
 * Stops the server a killed process left running on `dataDir` (its postmaster.pid names a live postgres of that
 * folder, and the process that started it is gone), so this start can take the data: a fast shutdown, which rolls
 * back what was left open. While the process that started it still runs, refuses in words.
 */
export async function stopLeftoverServer(dir: string, dataDir: string, log: (line: string) => void): Promise<void> {
  const pid = postmasterOf(dataDir)
  if (pid === null) return
  const owner = readOwner(dir)
  if (owner && ownerIsAlive(owner)) {
    throw new Error(
      `another process (pid ${owner.pid}) runs the PostgreSQL in ${dataDir}: stop it first, or give this one another folder`,
    )
  }
  log(`Stopping the PostgreSQL (pid ${pid}) a killed process left running in ${dataDir}.\n`)
  process.kill(pid, 'SIGINT')
  const deadline = Date.now() + STOP_TIMEOUT_MS
  while (pidIsAlive(pid)) {
    if (Date.now() > deadline) {
      throw new Error(
        `the PostgreSQL a killed process left running in ${dataDir} (pid ${pid}) did not stop within ` +
          `${STOP_TIMEOUT_MS / 1000} s: stop it (kill ${pid}) and start again`,
      )
    }
    await sleep(100)
  }
}

/** The pid of a live postgres serving `dataDir`, as its postmaster.pid says; null when none (or not ours to stop). */
function postmasterOf(dataDir: string): number | null {
  let pid: number
  try {
    pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  } catch {
    return null
  }
  if (!Number.isInteger(pid) || pid <= 0 || !pidIsAlive(pid)) return null
  // A pid another program got since is left alone: only a postgres started on this very folder is stopped.
  let command: string
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return null
  }
  const words = command.split('\0')
  return words.some((word) => path.basename(word) === 'postgres') && words.includes(dataDir) ? pid : null
}

function readOwner(dir: string): ProcessOwner | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as ProcessOwner
  } catch {
    return null
  }
}
