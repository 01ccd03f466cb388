import Database from 'better-sqlite3'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { processStartTime } from '../../main/jobs/process-owner'
import { testLibrary } from '../helpers/library'
import { deadPid, sleepingProcess } from '../helpers/processes'
import { tempDir } from '../helpers/temp-dir'

/** The id of the test's job `index` (a UUID, as import job ids are). */
const jobId = (index: number) => `00000000-0000-4000-8000-00000000000${index}`

/** A fresh library folder holding one unfinished import job per given owner (ids jobId(0), jobId(1), ...). */
function libraryWithJobs(owners: Array<{ pid: number | null; started: string | null; state: 'queued' | 'running' }>) {
  const dir = tempDir()
  openDatabase(path.join(dir, 'library.db'), migrations).db.close()
  const db = new Database(path.join(dir, 'library.db'))
  const insert = db.prepare(
    `INSERT INTO jobs (id, kind, state, title, params, created_at, owner_pid, owner_started)
     VALUES (?, 'import', ?, 'Import of x', '{"source":"paths","link":false,"importedBy":"someone"}', ?, ?, ?)`,
  )
  owners.forEach((owner, index) =>
    insert.run(jobId(index), owner.state, new Date(Date.now() + index).toISOString(), owner.pid, owner.started),
  )
  db.close()
  return dir
}

describe('unfinished jobs at open', () => {
  it('keeps the jobs of a live other process and fails those whose owner is gone', async () => {
    const live = await sleepingProcess()
    const liveStarted = processStartTime(live)
    expect(liveStarted).toMatch(/^\d+$/)
    const dir = libraryWithJobs([
      { pid: live, started: liveStarted, state: 'queued' },
      { pid: live, started: liveStarted, state: 'running' },
      { pid: await deadPid(), started: '1', state: 'running' },
      // The pid is alive but was started at another time: the owner died and its pid was reused.
      { pid: live, started: String(Number(liveStarted) - 1), state: 'running' },
      // Written before jobs had owners.
      { pid: null, started: null, state: 'queued' },
    ])

    const lib = testLibrary(dir)
    await lib.jobs.swept
    const byId = Object.fromEntries((await lib.importer.list(10)).map((job) => [job.id, job]))
    expect(byId[jobId(0)]).toMatchObject({ state: 'queued', error: null })
    expect(byId[jobId(1)]).toMatchObject({ state: 'running', error: null })
    for (const gone of [jobId(2), jobId(3), jobId(4)]) {
      expect(byId[gone]).toMatchObject({ state: 'failed', error: expect.stringMatching(/^Interrupted/) })
    }
  })

  it('records this process as the owner of the jobs it starts', async () => {
    const lib = testLibrary()
    const job = await lib.importer.start({
      source: 'paths',
      paths: [path.join(tempDir(), 'missing.mp4')],
      link: false,
      importedBy: 'me',
    })
    await lib.importer.idle()
    const owner = lib.sqlite.db
      .prepare('SELECT owner_pid AS pid, owner_started AS started FROM jobs WHERE id = ?')
      .get(job.id)
    expect(owner).toEqual({ pid: process.pid, started: processStartTime(process.pid) })
  })
})
