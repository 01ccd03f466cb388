import fc from 'fast-check'
import { describe, expect, inject, it } from 'vitest'
import type { MediaFilter } from '../../shared/contract'
import { openLibrary, type Library } from '../../main/library/library'
import { mediaFacets, searchParams } from '../../main/services/media-search'
import { rateAssets, tagAssets, untagAssets } from '../../main/services/tags'
import { deleteAssets, undoDelete } from '../../main/services/trash'
import { seedAssets, syntheticAsset } from '../helpers/assets'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Migration 0100's cubes against the exact path, over random writes and filter states. Seeded as the
// contract fuzz is: replay a failure with FUZZ_SEED=<seed>; FUZZ_RUNS scales the runs.
const SEED = Number.parseInt(process.env.FUZZ_SEED ?? '', 10) || Math.floor(Math.random() * 0x7fffffff)
const RUNS = Number.parseInt(process.env.FUZZ_RUNS ?? '', 10) || 6
const fixtures = inject('fixtures')

const TAGS = ['beach', 'Night', 'city', 'drone']
const CODECS = ['h264', 'hevc', 'vp9', 'png', null]
const RESOLUTIONS = ['1920x1080', '1080x1920', '1024x1024', '640x480', 'odd', null]
const CONTAINERS = ['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', null]

/** One write to the library; `pick` chooses among the assets present when it runs. */
type Operation =
  | { kind: 'insert'; seed: number }
  | {
      kind: 'codec' | 'resolution' | 'container' | 'audio' | 'rating' | 'status' | 'range'
      pick: number
      value: number
    }
  | { kind: 'tag' | 'untag' | 'dropTag'; pick: number; value: number }
  | { kind: 'delete' | 'trash'; pick: number }
  | { kind: 'undo' }

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), seed: fc.nat() }),
  fc.record({
    kind: fc.constantFrom(
      'codec',
      'resolution',
      'container',
      'audio',
      'rating',
      'status',
      'range',
      'tag',
      'untag',
      'dropTag',
    ),
    pick: fc.nat(),
    value: fc.nat(),
  }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'trash' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('undo' as const) }),
) as fc.Arbitrary<Operation>

const some = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined })
const filterState: fc.Arbitrary<MediaFilter> = fc.record(
  {
    mediaType: some(['video', 'image'] as const),
    sourceType: some(['uploaded', 'generated', 'processed'] as const),
    status: some([1, 3, 6]),
    codec: some(['h264', 'hevc', 'vp9', 'png']),
    container: some(['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm']),
    orientation: some(['landscape', 'portrait', 'square'] as const),
    hasAudio: fc.option(fc.boolean(), { nil: undefined }),
    minRating: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  },
  { requiredKeys: [] },
)

/** Applies one operation; trash deletes and undos go through main/services/trash.ts. */
async function apply(lib: Library, op: Operation, batches: string[]): Promise<void> {
  const ids = lib.db.prepare<[], string>('SELECT id FROM videos ORDER BY id').pluck().all()
  const id = 'pick' in op && ids.length > 0 ? ids[op.pick % ids.length]! : null
  const value = 'value' in op ? op.value : 0
  const set = (sql: string, arg: unknown) => lib.db.prepare(`UPDATE videos SET ${sql} WHERE id = ?`).run(arg, id)
  const choose = <T>(values: readonly T[]) => values[value % values.length]!
  if (op.kind === 'insert') {
    let state = op.seed
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    lib.repos.media.insert({
      ...syntheticAsset(0, random),
      id: `N${op.seed}-${ids.length}`,
      filePath: `/x/${op.seed}-${ids.length}`,
    })
  } else if (op.kind === 'undo') {
    const batch = batches.pop()
    if (batch) await undoDelete(lib, batch)
  } else if (id === null) return
  else if (op.kind === 'codec') set('codec = ?', choose(CODECS))
  else if (op.kind === 'resolution') set('resolution = ?', choose(RESOLUTIONS))
  else if (op.kind === 'container')
    set("metadata = json_set(coalesce(metadata, '{}'), '$.container', ?)", choose(CONTAINERS))
  else if (op.kind === 'audio')
    set("metadata = json_set(coalesce(metadata, '{}'), '$.audioCodec', ?)", choose(['aac', null]))
  else if (op.kind === 'rating') rateAssets(lib, [id], value % 6)
  else if (op.kind === 'status') lib.repos.media.setStatus(id, choose([1, 3, 6]), null)
  else if (op.kind === 'range') set('duration_seconds = ?, size_bytes = size_bytes + 1', choose([null, 0, 7.5, 99]))
  else if (op.kind === 'tag') tagAssets(lib, [id], [choose(TAGS)])
  else if (op.kind === 'untag') untagAssets(lib, [id], [choose(TAGS)])
  else if (op.kind === 'dropTag') lib.db.prepare('DELETE FROM tags WHERE name = ?').run(choose(TAGS))
  else if (op.kind === 'delete') lib.db.prepare('DELETE FROM videos WHERE id = ?').run(id)
  else batches.push((await deleteAssets(lib, [id])).batchId)
}

/** The cube tables as migration 0100's backfill would build them now, and as the triggers kept them. */
function cubes(lib: Library) {
  const read = (sql: string) => lib.db.prepare(sql).all()
  const groups = `media_type, source_type, status, codec, container, has_audio, rating, width, height`
  const tagKey = `media_type, source_type, status, codec, container, has_audio, rating, orientation`
  return {
    kept: {
      groups: read(`SELECT ${groups}, orientation, count, min_duration, max_duration, min_size, max_size,
        min_imported, max_imported FROM facet_cube ORDER BY ${groups}`),
      tags: read(`SELECT tag_id, ${tagKey}, count FROM facet_tag_cube ORDER BY tag_id, ${tagKey}`),
    },
    rebuilt: {
      groups: read(`SELECT ${groups}, orientation, count(*) AS count, min(duration_seconds) AS min_duration,
        max(duration_seconds) AS max_duration, min(size_bytes) AS min_size, max(size_bytes) AS max_size,
        min(sort_imported) AS min_imported, max(sort_imported) AS max_imported
        FROM videos GROUP BY ${groups} ORDER BY ${groups}`),
      tags: read(`SELECT a.tag_id, ${tagKey.replace(/(\w+)/g, 'v.$1')}, count(*) AS count
        FROM asset_tags a JOIN videos v ON v.id = a.asset_id
        GROUP BY a.tag_id, ${tagKey.replace(/(\w+)/g, 'v.$1')} ORDER BY a.tag_id, ${tagKey.replace(/(\w+)/g, 'v.$1')}`),
    },
  }
}

/** Imports and seeds, then applies each step and checks the cubes and the facets after it. */
async function run(lib: Library, steps: Array<[Operation, MediaFilter]>): Promise<void> {
  // Real imports (a clip with audio, a still) beside synthetic rows, imported before the cubes' first read.
  await importAndWait(lib, [fixtures.mp4, fixtures.jpg])
  seedAssets(lib, 40)
  tagAssets(lib, ['A00001', 'A00002', 'A00003'], ['beach', 'Night'])
  const batches: string[] = []
  for (const [op, filter] of steps) {
    await apply(lib, op, batches)
    const { kept, rebuilt } = cubes(lib)
    expect(kept).toEqual(rebuilt)
    expect(lib.repos.facetCube.answers(searchParams(undefined, filter))).toBe(true)
    expect(mediaFacets(lib, undefined, filter)).toEqual(mediaFacets(lib, undefined, filter, true))
  }
}

describe('facet cubes (migration 0100)', () => {
  it('give the exact path’s facets for checkbox filter states, whatever writes came before', async () => {
    const property = fc.asyncProperty(
      fc.array(fc.tuple(operation, filterState), { minLength: 5, maxLength: 25 }),
      async (steps) => {
        // Closed here, not after the test: shrinking a failure opens a library per attempt.
        const lib = openLibrary(tempDir())
        try {
          await run(lib, steps)
        } finally {
          await lib.close()
        }
      },
    )
    try {
      // No shrinking: each attempt imports real files again, and the seed replays the failure.
      await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true })
    } catch (error) {
      if (error instanceof Error) error.message = `Replay with FUZZ_SEED=${SEED}\n${error.message}`
      throw error
    }
  }, 120_000)

  it('leave filter states they cannot answer to the exact path', () => {
    const lib = testLibrary()
    const cube = lib.repos.facetCube
    expect(cube.answers(searchParams(undefined, { codec: ['h264'], minRating: 2, hasAudio: true }))).toBe(true)
    for (const filter of [{ minDuration: 1 }, { maxWidth: 10 }, { importedFrom: '2026-01-01' }, { tags: ['x'] }])
      expect(cube.answers(searchParams(undefined, filter))).toBe(false)
    expect(cube.answers(searchParams(undefined, { health: ['missing'] }))).toBe(false)
    expect(cube.answers(searchParams(undefined, { collection: 1 }))).toBe(false)
    expect(cube.answers(searchParams('beach', {}))).toBe(false)
  })
})
