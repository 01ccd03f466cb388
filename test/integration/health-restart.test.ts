import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Job } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { healthResultOf } from '../../renderer/src/features/health/job-summary'
import { call } from '../helpers/browse'
import { cli, spawnCli } from '../helpers/cli'
import { insertAssetRow, sparseFile } from '../helpers/health'
import { sha256Of } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

/** A library folder (closed) whose assets are linked to the given files, with their true size and SHA-256 or a made-up one. */
async function libraryOver(files: Array<{ file: string; size: number; sha256?: string }>): Promise<string> {
  const dir = tempDir()
  const lib = openLibrary(dir, { ingest: { thumbnailsAfterImport: false } })
  await lib.catalog.transaction(async ({ media }) => {
    for (const [index, { file, size, sha256 }] of files.entries()) {
      await insertAssetRow(
        lib,
        {
          id: `R${index + 10}`,
          file,
          size,
          sha256: sha256 ?? sha256Of(file),
          sampledId: `${index}`.padStart(16, '0'),
        },
        media,
      )
    }
  })
  await lib.close()
  return dir
}

describe('health jobs across a restart', () => {
  it('keeps what a finished verify found: the next process lists it with its results (what the health panel loads)', async () => {
    const folder = tempDir()
    const kept = path.join(folder, 'kept.txt')
    writeFileSync(kept, 'still here')
    const gone = path.join(folder, 'gone.txt')
    const dir = await libraryOver([
      { file: kept, size: 10 },
      { file: gone, size: 4, sha256: `sha256:${'2'.repeat(64)}` },
    ])

    const verify = await cli(['verify', '--library', dir])
    expect(verify.code).toBe(1)

    const lib = testLibrary(dir)
    const { jobs } = await call<{ jobs: Job[] }>(lib, 'jobs:list', { kind: 'verify' })
    expect(jobs).toHaveLength(1)
    expect(jobs[0]).toMatchObject({ state: 'done', title: 'Verify files', params: { folder: null }, error: null })
    expect(healthResultOf(jobs[0]!)).toEqual({
      files: { done: 2, total: 2 },
      bytes: { done: 14, total: 14 },
      counts: { ok: 1, changed: 0, missing: 1, failed: 0, skipped: 0, relinked: 0, copied: 0, present: 0 },
      items: [
        { id: 'R11', name: 'gone.txt', path: gone, outcome: 'missing', reason: `No file at ${gone}.`, newPath: null },
      ],
      unlisted: 0,
    })
  })

  it('fails a verify whose process was killed as interrupted when the library is opened again', async () => {
    const folder = tempDir()
    // Sparse files: much to hash (zeros, read at memory speed), so the verify is still running when killed.
    const size = 2 * 1024 ** 3
    const files = Array.from({ length: 8 }, (_, index) => ({
      file: sparseFile(path.join(folder, `big-${index}.bin`), size),
      size,
      sha256: `sha256:${'0'.repeat(64)}`,
    }))
    const dir = await libraryOver(files)

    const child = spawnCli(['verify', '--library', dir])
    const exited = new Promise<NodeJS.Signals | null>((resolve, reject) => {
      child.once('exit', (_code, signal) => resolve(signal))
      child.once('error', reject)
    })
    try {
      // The first progress line with the totals: the job is stored as running.
      await new Promise<void>((resolve, reject) => {
        let seen = ''
        child.stderr!.on('data', (chunk: Buffer) => {
          seen += chunk.toString()
          if (/"files":\{"done":\d+,"total":8\}/.test(seen)) resolve()
        })
        child.stderr!.once('error', reject)
        child.once('exit', () => reject(new Error(`The CLI ended before it reported progress: ${seen}`)))
      })
      const running = openLibrary(dir)
      await running.jobs.swept
      const [seen] = await running.jobs.list({ kind: 'verify', limit: 10 })
      // Its owner is alive: another process's running job is left alone.
      expect(seen).toMatchObject({ state: 'running', error: null })
      await running.close()
    } finally {
      child.kill('SIGKILL')
    }
    expect(await exited).toBe('SIGKILL')

    const lib = testLibrary(dir)
    await lib.jobs.swept
    const { jobs } = await call<{ jobs: Job[] }>(lib, 'jobs:list', { kind: 'verify' })
    expect(jobs).toMatchObject([
      { state: 'failed', error: 'Framevault stopped before this job finished.', result: null, progress: null },
    ])
    expect(jobs[0]!.finishedAt).not.toBeNull()
    // A verify can run again at once: nothing of the dead one holds the health jobs' turn.
    const again = await call<{ job: Job }>(lib, 'health:verify', { ids: ['R10'] })
    await expect.poll(async () => (await lib.jobs.get(again.job.id)).state).toBe('running')
    expect((await lib.jobs.cancel(again.job.id)).state).toBe('cancelled')
  })
})
