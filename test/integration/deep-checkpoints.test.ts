import { describe, expect, it } from 'vitest'
import type { JobProgress } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { createRootCheckpoint } from '../../main/services/pipelines/checkpoints'
import { testLibrary } from '../helpers/library'

// Issue 38.4: deleting a branch deeper than SQLite's 1,000 levels of trigger recursion answered 500, and a prune
// of 20,000 siblings held the host for a minute. Deletions are a job now: deepest first, in batches, with progress.

const HASH = `sha256:${'cd'.repeat(32)}`
let timelines = 0

/** A timeline's root and `count` checkpoints below it: a chain (each the child of the one before) or siblings. */
async function tree(lib: LocalLibrary, shape: 'chain' | 'siblings', count: number) {
  // After what open clears of timelines left unmade: this one stays "created" while the test builds on it.
  await lib.opened
  const timelineId = await lib.catalog.repos.timelines.insert({
    videoId: null,
    contentHash: HASH,
    profile: 'default',
    fps: (timelines += 1),
    config: {},
    createdAt: new Date().toISOString(),
  })
  const root = await createRootCheckpoint(lib.catalog.repos, timelineId, 10, null)
  const ids = await lib.catalog.transaction(async ({ checkpoints }) => {
    const made: number[] = []
    for (let n = 0; n < count; n += 1) {
      const key = `text-${timelineId}-${n}`
      const createdAt = new Date().toISOString()
      await checkpoints.putOutput({
        ...{ key, stage: 'text', version: 1, contentHash: HASH, configHash: key, inputKeys: [] },
        ...{ output: [], createdAt },
      })
      const parentId = shape === 'chain' ? (made.at(-1) ?? root.id) : root.id
      made.push(
        await checkpoints.insert({
          ...{ timelineId, parentId, runId: null, stage: 'text', stats: {}, configOverrides: {} },
          ...{ cached: false, createdAt, outputKeys: { text: key } },
        }),
      )
    }
    return made
  })
  return { timelineId, root, ids }
}

const count = (lib: LocalLibrary, table: string) => lib.sqlite.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()

/** Checkpoints whose parent is gone, and outputs no checkpoint carries: what a torn deletion would leave. */
function leftovers(lib: LocalLibrary) {
  const orphans = lib.sqlite.db
    .prepare(
      `SELECT count(*) FROM checkpoints c WHERE c.parent_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM checkpoints p WHERE p.id = c.parent_id)`,
    )
    .pluck()
    .get()
  const unused = lib.sqlite.db
    .prepare(
      `SELECT count(*) FROM stage_outputs o WHERE NOT EXISTS (SELECT 1 FROM checkpoint_outputs c WHERE c.output_key = o.key)`,
    )
    .pluck()
    .get()
  return { orphans, unused }
}

function progressOf(lib: LocalLibrary): JobProgress[] {
  const seen: JobProgress[] = []
  lib.events.subscribe((event) => {
    if (event.name === 'job:progress' && event.payload.kind === 'checkpoint-delete') seen.push(event.payload)
  })
  return seen
}

describe('deep and wide checkpoint trees', () => {
  it('delete a branch 1,200 deep, and prune another', { timeout: 60_000 }, async () => {
    const lib = testLibrary()
    const first = await tree(lib, 'chain', 1_200)
    expect(await dispatch(lib, 'checkpoints:delete', { id: first.ids[0] })).toEqual({
      ok: true,
      data: { deleted: 1_200 },
    })
    expect((await lib.catalog.repos.checkpoints.ofTimeline(first.timelineId)).map((c) => c.id)).toEqual([first.root.id])

    const second = await tree(lib, 'chain', 1_200)
    const pruned = await dispatch(lib, 'checkpoints:prune', { timelineId: second.timelineId, keep: 0 })
    expect(pruned).toEqual({ ok: true, data: { deleted: 1_200 } })
    expect(count(lib, 'checkpoints')).toBe(2)
    expect(count(lib, 'stage_outputs')).toBe(0)
    const jobs = await lib.jobs.list({ kind: 'checkpoint-delete', limit: 10 })
    expect(jobs.map((job) => [job.state, job.result])).toEqual([
      ['done', { deleted: 1_200 }],
      ['done', { deleted: 1_200 }],
    ])
  })

  it(
    'answer other requests while a prune of 5,000 siblings runs, and report its progress',
    { timeout: 60_000 },
    async () => {
      const lib = testLibrary()
      const { timelineId, ids } = await tree(lib, 'siblings', 5_000)
      await lib.catalog.repos.checkpoints.setPinned(ids[10], true)
      const progress = progressOf(lib)
      const answered: string[] = []
      const prune = dispatch(lib, 'checkpoints:prune', { timelineId, keep: 2 }).then((answer) => {
        answered.push('prune')
        return answer
      })
      const list = dispatch(lib, 'media:list', {}).then((answer) => {
        answered.push('media:list')
        return answer
      })
      expect((await list).ok).toBe(true)
      expect(await prune).toEqual({ ok: true, data: { deleted: 4_997 } })
      expect(answered).toEqual(['media:list', 'prune'])
      expect(progress.length).toBeGreaterThan(0)
      expect(progress[0].doing).toMatch(/^[\d,]+ of 4,997 deleted$/)
      const kept = (await lib.catalog.repos.checkpoints.ofTimeline(timelineId)).map((c) => c.id)
      expect(kept).toEqual([ids[0] - 1, ids[10], ids[4_998], ids[4_999]])
      expect(leftovers(lib)).toEqual({ orphans: 0, unused: 0 })
    },
  )

  it('leave a whole tree when cancelled, which a second deletion finishes', { timeout: 60_000 }, async () => {
    const lib = testLibrary()
    const { root, ids } = await tree(lib, 'chain', 3_000)
    // The job is cancelled while its second batch is deleted (a cancel between progress events would race it).
    const { checkpoints } = lib.catalog.repos
    const deleteBatch = checkpoints.deleteLeavesFirst
    let batches = 0
    checkpoints.deleteLeavesFirst = (batch) => {
      batches += 1
      if (batches === 2) void lib.jobs.cancel(lib.jobs.active()[0]!.id)
      return deleteBatch(batch)
    }
    const cancelled = await dispatch(lib, 'checkpoints:delete', { id: ids[0] })
    checkpoints.deleteLeavesFirst = deleteBatch
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'conflict' } })
    const words = cancelled.ok ? '' : cancelled.error.message
    expect(words).toMatch(/^The deletion was cancelled: [\d,]+ checkpoints went before it stopped\.$/)
    const left = (await checkpoints.ofTimeline(root.timelineId)).length
    expect(left).toBe(3_001 - 2 * 500)
    expect(leftovers(lib)).toEqual({ orphans: 0, unused: 0 })
    // The branch's top goes last: it is still there to delete.
    expect(await checkpoints.get(ids[0])).toBeDefined()

    const [job] = await lib.jobs.list({ kind: 'checkpoint-delete', limit: 1 })
    expect(job).toMatchObject({ state: 'cancelled', result: { deleted: 3_001 - left } })
    expect(await dispatch(lib, 'checkpoints:delete', { id: ids[0] })).toEqual({ ok: true, data: { deleted: left - 1 } })
    expect((await checkpoints.ofTimeline(root.timelineId)).map((c) => c.id)).toEqual([root.id])
  })
})
