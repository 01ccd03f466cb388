import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Job } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { spawnCli } from '../helpers/cli'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 33: a job's owner is a lease. A CLI stopped (SIGSTOP) past its lease loses its job to another process:
// failed as interrupted there, or for a retryable kind run again there, once; continued, it writes nothing of it.

const fx = inject('fixtures')
const LEASE = { FRAMEVAULT_JOB_LEASE_MS: '1000' }

/** A tool that notes each start in `log`, then waits 4 s (long enough to be stopped and lose its lease) and runs `tool`. */
function slowTool(dir: string, tool: string, log: string): string {
  const script = path.join(dir, `slow-${path.basename(tool)}`)
  writeFileSync(script, `#!/bin/sh\necho start >> '${log}'\nsleep 4\nexec '${tool}' "$@"\n`)
  chmodSync(script, 0o755)
  return script
}

/** How many times the slow tool started. */
function starts(log: string): number {
  try {
    return readFileSync(log, 'utf8').split('\n').filter(Boolean).length
  } catch {
    return 0
  }
}

/**
 * Resolves once `check` holds, polling; fails after 45 s (a takeover takes 5-9 s alone, and CI once saw over 20 s
 * with every suite running beside it).
 */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 45_000; !(await check());) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The newest job of `kind` in `lib`, if any. */
async function newest(lib: LocalLibrary, kind: Job['kind']): Promise<Job | undefined> {
  return (await lib.jobs.list({ kind, limit: 1 }))[0]
}

const count = (lib: LocalLibrary, table: string) =>
  lib.sqlite.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).pluck().get()

describe('a job whose process is stopped past its lease', () => {
  it('is failed as interrupted by another process, and the stopped one writes nothing of it when continued', async () => {
    const dir = tempDir()
    const library = path.join(dir, 'library')
    const lib = testLibrary(library, { jobLeaseMs: 1000 })
    const log = path.join(dir, 'probe.log')
    const child = spawnCli(['import', fx.mp4, '--library', library], {
      ...LEASE,
      FRAMEVAULT_PROBE: 'ffprobe',
      FRAMEVAULT_FFPROBE: slowTool(dir, lib.tools.ffprobe, log),
    })
    const gone = new Promise((resolve) => child.once('close', resolve))
    await until(() => starts(log) === 1)
    child.kill('SIGSTOP')

    await until(async () => (await newest(lib, 'import'))?.state === 'failed')
    const interrupted = (await newest(lib, 'import'))!
    expect(interrupted.error).toMatch(/^Interrupted: Framevault stopped before this import finished/)
    child.kill('SIGCONT')
    await gone

    expect(await lib.jobs.get(interrupted.id)).toEqual(interrupted)
    expect(count(lib, 'import_items')).toBe(0)
    expect(count(lib, 'videos')).toBe(0)
    // Continued, it gave up the file it was probing and went on with nothing.
    expect(starts(log)).toBe(1)
  }, 120_000)

  it('is run again by another process when its kind is retryable, exactly once', async () => {
    const dir = tempDir()
    const library = path.join(dir, 'library')
    const lib = testLibrary(library, { jobLeaseMs: 1000 })
    await importAndWait(lib, [fx.mp4, fx.jpg])
    const log = path.join(dir, 'ffmpeg.log')
    const child = spawnCli(['similar', 'hash', '--library', library], {
      ...LEASE,
      FRAMEVAULT_FFMPEG: slowTool(dir, lib.tools.ffmpeg, log),
    })
    const gone = new Promise((resolve) => child.once('close', resolve))
    await until(() => starts(log) === 1)
    child.kill('SIGSTOP')

    await until(async () => (await newest(lib, 'similar-hash'))?.state === 'done')
    const rerun = (await newest(lib, 'similar-hash'))!
    child.kill('SIGCONT')
    await gone

    expect(rerun.result).toEqual({ counts: { hashed: 2, failed: 0 } })
    const holder = lib.sqlite.db.prepare('SELECT owner_pid FROM jobs WHERE id = ?').pluck().get(rerun.id)
    expect(holder).toBe(process.pid)
    expect(await lib.jobs.get(rerun.id)).toEqual(rerun)
    expect(count(lib, 'frame_hashes')).toBe(2)
    // The stopped process hashed nothing more once continued: its one ffmpeg start is the one it was stopped in.
    expect(starts(log)).toBe(1)
  }, 120_000)
})
