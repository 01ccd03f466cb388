import { spawn } from 'node:child_process'
import os from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openLibrary } from '../../main/app/open-library'
import { ownerIsAlive, pidIsAlive, processStartTime } from '../../main/jobs/process-owner'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 38 point 2: a killed owner its parent has not reaped yet (a zombie) was taken for alive, so its
// job stayed running until a later open.
const parents: number[] = []

afterEach(() => {
  for (const pid of parents.splice(0)) process.kill(pid, 'SIGKILL')
})

/** A process that has exited but stays unreaped while its parent (a `sleep` that never waits) lives. */
async function zombie(): Promise<{ pid: number; started: string }> {
  const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] })
  parent.on('error', () => undefined)
  parents.push(parent.pid!)
  const pid = await new Promise<number>((resolve) =>
    parent.stdout.once('data', (data) => resolve(Number(String(data)))),
  )
  const started = processStartTime(pid)!
  for (let tries = 0; tries < 100 && pidIsAlive(pid); tries++) await sleep(20)
  return { pid, started }
}

describe('an owner that has exited but is not reaped', () => {
  it('is not alive, though its pid still answers signals', async () => {
    const { pid, started } = await zombie()
    expect(() => process.kill(pid, 0)).not.toThrow()
    expect(pidIsAlive(pid)).toBe(false)
    expect(ownerIsAlive({ pid, started })).toBe(false)
    expect(ownerIsAlive({ pid: process.pid, started: processStartTime(process.pid) })).toBe(true)
  })

  it('loses its running job at the next open, though its lease has time left', async () => {
    const dir = tempDir()
    await openLibrary(dir).close()
    const { pid, started } = await zombie()
    const db = new Database(`${dir}/library.db`)
    db.prepare(
      `INSERT INTO jobs (id, kind, state, title, params, created_at, started_at, owner_pid, owner_started, owner_id,
         owner_host, lease_until)
       VALUES ('j1', 'verify', 'running', 'Verify', '{"folder":null}', '2026-11-24T00:00:00Z', '2026-11-24T00:00:00Z',
         @pid, @started, @ownerId, @host, @leaseUntil)`,
    ).run({ pid, started, ownerId: `${os.hostname()}:${pid}:x`, host: os.hostname(), leaseUntil: Date.now() + 600_000 })
    db.close()
    const lib = testLibrary(dir)
    await lib.jobs.swept
    expect(await lib.catalog.repos.jobs.get('j1')).toMatchObject({
      state: 'failed',
      error: 'Framevault stopped before this job finished.',
    })
  })
})
