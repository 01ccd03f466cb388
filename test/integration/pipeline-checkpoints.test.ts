import { describe, expect, it } from 'vitest'
import type { Library } from '../../main/services/library-context'
import {
  createRootCheckpoint,
  getCheckpoint,
  loadStageOutput,
  saveStageOutput,
  timelineCheckpoints,
  type Checkpoint,
  type StageOutput,
} from '../../main/services/pipelines/checkpoints'
import { testLibrary } from '../helpers/library'

// Issue 19, the model: each stage's output is a new child of the checkpoint it started from, carrying its
// parent's outputs forward; stats and config overrides merge with new keys winning.

async function timeline(lib: Library, frames = 12) {
  // After what open clears of timelines left unmade: this one is made ready only below.
  await lib.opened
  const id = await lib.catalog.repos.timelines.insert({
    videoId: null,
    contentHash: `sha256:${'ab'.repeat(32)}`,
    profile: 'default',
    fps: 2,
    config: {},
    createdAt: new Date().toISOString(),
  })
  return createRootCheckpoint(lib.catalog.repos, id, frames, null)
}

const output = (stage: string, key: string, value: unknown): StageOutput => ({
  stage,
  key,
  version: 1,
  contentHash: `sha256:${'ab'.repeat(32)}`,
  configHash: `sha256:${key}`,
  inputKeys: [],
  output: value,
})

describe('pipeline checkpoints', () => {
  it('make a root with no parent, no outputs and frames_extracted', async () => {
    const lib = testLibrary()
    const root = await timeline(lib, 7200)
    expect(root).toMatchObject({ parentId: null, stage: null, outputKeys: {}, stats: { frames_extracted: 7200 } })
    expect(root.configOverrides).toEqual({})
    expect(await loadStageOutput(lib.catalog.repos, root.id, 'dedupe_frames')).toBeNull()
  })

  it("carry the parent's outputs forward and replace a same-named stage", async () => {
    const lib = testLibrary()
    const root = await timeline(lib)
    const dedupe = await saveStageOutput(lib, {
      parentId: root.id,
      runId: null,
      output: output('dedupe_frames', 'd1', [0, 3]),
    })
    const text = await saveStageOutput(lib, {
      parentId: dedupe.id,
      runId: null,
      output: output('text', 't1', { 0: ['ACME'] }),
    })
    expect(text.parentId).toBe(dedupe.id)
    expect(text.outputKeys).toEqual({ dedupe_frames: 'd1', text: 't1' })
    expect(await loadStageOutput(lib.catalog.repos, text.id, 'dedupe_frames')).toEqual([0, 3])
    expect(await loadStageOutput(lib.catalog.repos, text.id, 'text')).toEqual({ 0: ['ACME'] })
    const again = await saveStageOutput(lib, {
      parentId: text.id,
      runId: null,
      output: output('dedupe_frames', 'd2', [0]),
    })
    expect(again.outputKeys).toEqual({ dedupe_frames: 'd2', text: 't1' })
    expect(await loadStageOutput(lib.catalog.repos, again.id, 'dedupe_frames')).toEqual([0])
    // The parent keeps what it had.
    expect(await loadStageOutput(lib.catalog.repos, text.id, 'dedupe_frames')).toEqual([0, 3])
    expect(await loadStageOutput(lib.catalog.repos, again.id, 'match')).toBeNull()
  })

  it('merge stats and config overrides, new keys winning', async () => {
    const lib = testLibrary()
    const root = await timeline(lib, 10)
    const first = await saveStageOutput(lib, {
      parentId: root.id,
      runId: null,
      output: output('dedupe_frames', 'd1', []),
      stats: { frames_kept: 6, frames_extracted: 9 },
      configOverrides: { dedupe_frames: { max_distance: 8 }, text: { psm: 11 } },
    })
    expect(first.stats).toEqual({ frames_extracted: 9, frames_kept: 6 })
    const second = await saveStageOutput(lib, {
      parentId: first.id,
      runId: null,
      output: output('text', 't1', []),
      stats: { words: 4 },
      configOverrides: { text: { psm: 6 } },
    })
    expect(second.stats).toEqual({ frames_extracted: 9, frames_kept: 6, words: 4 })
    expect(second.configOverrides).toEqual({ dedupe_frames: { max_distance: 8 }, text: { psm: 6 } })
  })

  it('branch: three children of one parent are three tries, each with its own output', async () => {
    const lib = testLibrary()
    const root = await timeline(lib)
    const base = await saveStageOutput(lib, { parentId: root.id, runId: null, output: output('text', 't', ['a']) })
    const tries: Checkpoint[] = []
    for (const mode of ['exact', 'casefold', 'fuzzy']) {
      tries.push(
        await saveStageOutput(lib, {
          parentId: base.id,
          runId: null,
          output: output('match', `m-${mode}`, [{ term: mode }]),
          configOverrides: { match: { mode } },
        }),
      )
    }
    expect(tries.map((one) => one.parentId)).toEqual([base.id, base.id, base.id])
    const outputs = await Promise.all(tries.map((one) => loadStageOutput(lib.catalog.repos, one.id, 'match')))
    expect(outputs).toEqual([[{ term: 'exact' }], [{ term: 'casefold' }], [{ term: 'fuzzy' }]])
    expect(await timelineCheckpoints(lib.catalog.repos, root.timelineId)).toHaveLength(5)
  })

  it('tell the pages the tree changed on every save', async () => {
    const lib = testLibrary()
    const root = await timeline(lib)
    lib.changes.flush()
    const changed: string[][] = []
    lib.events.subscribe((event) => {
      if (event.name === 'library:changed') changed.push(event.payload.tables)
    })
    await saveStageOutput(lib, { parentId: root.id, runId: null, output: output('text', 't', []) })
    lib.changes.flush()
    expect(changed).toEqual([expect.arrayContaining(['checkpoints', 'checkpoint_outputs', 'stage_outputs'])])
  })

  it('refuse a missing parent in words, never making a root', async () => {
    const lib = testLibrary()
    const root = await timeline(lib)
    await expect(
      saveStageOutput(lib, { parentId: 9999, runId: null, output: output('text', 't', []) }),
    ).rejects.toThrow(/Cannot save the text output: checkpoint 9999 is not there/)
    expect(await timelineCheckpoints(lib.catalog.repos, root.timelineId)).toHaveLength(1)
    expect(await lib.catalog.repos.checkpoints.output('t')).toBeUndefined()
  })

  it('share one output between branches with the same key, and keep it while a checkpoint carries it', async () => {
    const lib = testLibrary()
    const root = await timeline(lib)
    const left = await saveStageOutput(lib, { parentId: root.id, runId: null, output: output('text', 'same', ['x']) })
    const right = await saveStageOutput(lib, { parentId: root.id, runId: null, output: output('text', 'same', ['x']) })
    const count = () => lib.sqlite.db.prepare('SELECT count(*) FROM stage_outputs').pluck().get()
    expect(count()).toBe(1)
    expect(await lib.catalog.repos.checkpoints.deleteLeavesFirst([left.id])).toBe(1)
    expect(await getCheckpoint(lib.catalog.repos, left.id)).toBeUndefined()
    expect(await loadStageOutput(lib.catalog.repos, right.id, 'text')).toEqual(['x'])
    await lib.catalog.repos.checkpoints.deleteLeavesFirst([right.id])
    expect(count()).toBe(0)
  })
})
