import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Migration 0390: libraries whose ComfyUI runs stayed "running" after a crash (issue 38 point 1) get them ended
// with their job, and later job endings end their runs.

/** A library at schema 380 with a ComfyUI job of two runs, the job failed by a crash, the runs left as they were. */
function libraryWithStuckRuns(): string {
  const dir = tempDir()
  const { db } = openDatabase(
    path.join(dir, 'library.db'),
    migrations.filter((migration) => migration.version <= 380),
    {},
  )
  db.prepare(
    `INSERT INTO workflows (id, name, definition, format, definition_hash) VALUES ('w1', 'Kite', '{}', 'comfyui-api', 'h')`,
  ).run()
  const run = db.prepare(
    `INSERT INTO workflow_executions (id, workflow_id, status, created_at) VALUES (?, 'w1', ?, '2026-11-20T10:00:00Z')`,
  )
  run.run('e1', 'running')
  run.run('e2', 'queued')
  run.run('e3', 'running')
  run.run('imported', 'completed')
  run.run('p1', 'running')
  db.prepare(
    `INSERT INTO pipeline_runs (execution_id, kind, stages, job_id, created_at)
     VALUES ('p1', 'initial', '[]', 'j3', '2026-11-20T10:00:00Z')`,
  ).run()
  const job = db.prepare(
    `INSERT INTO jobs (id, kind, state, title, params, error, created_at, finished_at)
     VALUES (?, 'comfy-run', ?, 'Run of Kite', ?, ?, '2026-11-20T10:00:00Z', ?)`,
  )
  job.run(
    'j1',
    'failed',
    JSON.stringify({ executionIds: ['e1', 'e2'] }),
    'Framevault stopped before this job finished.',
    '2026-11-20T10:05:00Z',
  )
  job.run('j2', 'running', JSON.stringify({ executionIds: ['e3'] }), null, null)
  job.run('j3', 'cancelled', JSON.stringify({ executionId: 'p1' }), 'The job was cancelled.', '2026-11-20T10:06:00Z')
  db.close()
  return dir
}

describe('migration 0390: runs made by a job end with it', () => {
  it('ends the runs a crashed job left running, links the rest, and ends those when their job ends', async () => {
    const lib = testLibrary(libraryWithStuckRuns())
    const status = async (id: string) => {
      const row = (await lib.catalog.repos.workflowExecutions.get(id))!
      return { status: row.status, error: row.error, completedAt: row.completedAt }
    }
    const crashed = {
      status: 'failed',
      error: 'Framevault stopped before this job finished.',
      completedAt: '2026-11-20T10:05:00Z',
    }
    expect([await status('e1'), await status('e2')]).toEqual([crashed, crashed])
    expect(await status('imported')).toEqual({ status: 'completed', error: null, completedAt: null })
    // A pipeline run is linked through pipeline_runs.
    expect(await status('p1')).toEqual({
      status: 'cancelled',
      error: 'The job was cancelled.',
      completedAt: '2026-11-20T10:06:00Z',
    })
    // j2's owner (pid unknown) was failed as interrupted at this open (by the sweep at start), and its run with it.
    await lib.jobs.swept
    const j2 = await lib.catalog.repos.jobs.get('j2')
    expect(j2?.state).toBe('failed')
    expect(await status('e3')).toMatchObject({ status: 'failed', error: j2?.error })
  })
})
