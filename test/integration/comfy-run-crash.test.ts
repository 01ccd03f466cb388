import { readdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { ChannelOutput } from '../../shared/contract'
import { startComfyRun } from '../../main/services/comfy-runs/run-job'
import { openLibrary } from '../../main/app/open-library'
import { call } from '../helpers/browse'
import { cli, spawnCli } from '../helpers/cli'
import { API_PROMPT, fakeComfy, runThrough, UI_WORKFLOW } from '../helpers/comfy'
import { importAndWait } from '../helpers/ingest'
import { sourcedLibrary } from '../helpers/comfy-library'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 38 point 1 (and issue 33 point 1): a ComfyUI run's state follows its job. Killed mid-run, the host's
// runs stayed "running" forever, also after a new run; the job was failed at the next open, the runs were not.

/** The status of every run made by a job, read as another process would. */
function jobRuns(dir: string): Array<{ status: string; error: string | null }> {
  const db = new Database(path.join(dir, 'library.db'), { readonly: true })
  try {
    return db
      .prepare('SELECT status, error FROM workflow_executions WHERE job_id IS NOT NULL ORDER BY created_at, id')
      .all() as Array<{ status: string; error: string | null }>
  } finally {
    db.close()
  }
}

describe('a ComfyUI run whose process is killed', () => {
  it('ends failed with its job at the next open, every run of a sweep, and a new run goes on as usual', async () => {
    const fake = await fakeComfy({ stepDelayMs: 400 })
    await runThrough(fake.url, API_PROMPT, { workflow: UI_WORKFLOW })
    const made = readdirSync(fake.outputDir, { recursive: true, encoding: 'utf8' }).find((name) =>
      name.endsWith('.png'),
    )!
    const dir = tempDir()
    const setup = openLibrary(dir)
    const { items } = await importAndWait(setup, [path.join(fake.outputDir, made)])
    const { workflows } = await call<ChannelOutput<'generation:get'>>(setup, 'generation:get', {
      id: items[0]!.asset!.id,
    })
    const workflowId = workflows[0]!.workflowId
    await setup.close()

    const child = spawnCli(['workflow', 'run', workflowId, '--seeds', '3', '--server', fake.url, '--library', dir])
    const exited = new Promise((resolve) => child.once('exit', resolve))
    await expect
      .poll(() => jobRuns(dir).map((run) => run.status), { timeout: 20_000, interval: 100 })
      .toContain('running')
    child.kill('SIGKILL')
    await exited
    expect(jobRuns(dir).some((run) => run.status === 'running' || run.status === 'queued')).toBe(true)

    const lib = testLibrary(dir)
    await lib.jobs.swept
    expect(jobRuns(dir)).toEqual(
      Array(3).fill({ status: 'failed', error: 'Framevault stopped before this job finished.' }),
    )
    await lib.close()
    // On another server: this one still works through the killed process's prompts.
    const other = await fakeComfy()
    const again = await cli(['workflow', 'run', workflowId, '--server', other.url, '--library', dir])
    expect(again.code).toBe(0)
    const statuses = jobRuns(dir).map((run) => run.status)
    expect(statuses.filter((status) => status === 'failed')).toHaveLength(3)
    expect(statuses.filter((status) => status === 'completed')).toHaveLength(1)
  }, 60_000)

  it('taken over while it ran (its job ended elsewhere), keeps the ending it was given when the process goes on', async () => {
    const { lib, assetId } = await sourcedLibrary({ stepDelayMs: 40 })
    const { job, executionIds } = await startComfyRun(lib, { from: { assetId }, set: [] })
    await expect
      .poll(async () => (await lib.catalog.repos.workflowExecutions.get(executionIds[0]!))?.status, { timeout: 10_000 })
      .toBe('running')
    // What another process's sweep does to a job whose lease ran out: another holder, the job failed.
    const other = new Database(path.join(lib.dir, 'library.db'))
    other
      .prepare(
        `UPDATE jobs SET state = 'failed', error = 'Framevault stopped before this job finished.', owner_id = 'elsewhere',
           lease_until = 0, finished_at = '2026-11-24T00:00:00Z' WHERE id = ?`,
      )
      .run(job.id)
    other.close()
    await lib.jobs.settled(job.id)
    expect(await lib.catalog.repos.workflowExecutions.get(executionIds[0]!)).toMatchObject({
      status: 'failed',
      error: 'Framevault stopped before this job finished.',
    })
  }, 30_000)
})
