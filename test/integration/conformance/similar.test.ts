import { afterEach, describe, expect, it } from 'vitest'
import type { MediaAsset } from '../../../shared/contract'
import { createCatalog } from '../../../main/db/catalog'
import type { LibraryRepos } from '../../../main/db/repos/library-repos'
import type { StoredFrames } from '../../../main/db/repos/similar'
import type { SqlEngine } from '../../../main/db/sql/sql-engine'
import { HASH_CONFIG_HASH } from '../../../main/services/similar/hash-config'
import { createNearDuplicates, type NearDuplicates } from '../../../main/services/similar/near-duplicates'
import { similarGroups } from '../../../main/services/similar/similar-view'
import { SEES_ALL } from '../../../main/services/visibility/visibility'
import { framesToBlob } from '../../../main/similar/frame-blob'
import { collectAll } from '../../helpers/async-iterables'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'
import { randomClip, randomSequence, variantOf } from '../../helpers/synthetic-frames'

const CONFIG = 'sha256:config'
const at = '2026-11-25T10:00:00.000Z'
const hashOf = (id: string) => `sha256:${id}`
// Every byte value, so both engines are seen to hand back exactly what was stored.
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte))
const framed = (frames: Buffer, picture: string | null = null): StoredFrames => ({
  frameCount: 1,
  frames,
  error: null,
  picture,
})
const failed: StoredFrames = { frameCount: 0, frames: Buffer.alloc(0), error: 'moov atom not found', picture: null }

// Issue 34: near-duplicates' frame hashes, dismissals, grouped assets and provenance questions, the same on a
// library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('near-duplicates on %s', (dialect) => {
  /** Assets `ids`, each a video of its own content (`sha256:<id>`) at 1920x1080. */
  const catalogWith = async (ids: readonly string[]) => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ids)
    await sql.run(`UPDATE videos SET file_hash = 'sha256:' || id, resolution = '1920x1080', duration_seconds = 12.5`)
    return { sql, catalog: createCatalog(sql) }
  }
  const count = async (sql: SqlEngine, table: string) =>
    (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n

  it('stores frames as the same bytes, replaces them, and reads them by asset', async () => {
    const { catalog } = await catalogWith(['a1', 'a2', 'a3'])
    const { similar } = catalog.repos
    expect(await similar.get(hashOf('a1'), CONFIG)).toBeUndefined()
    await similar.put(hashOf('a1'), CONFIG, framed(Buffer.from([1, 2, 3])), at)
    await similar.put(hashOf('a1'), CONFIG, framed(ALL_BYTES, '1440x1080'), at)
    await similar.put(hashOf('a2'), CONFIG, failed, at)
    const stored = await similar.get(hashOf('a1'), CONFIG)
    expect(stored).toEqual(framed(ALL_BYTES, '1440x1080'))
    expect(Buffer.isBuffer(stored!.frames)).toBe(true)
    expect(await similar.get(hashOf('a2'), CONFIG)).toEqual(failed)
    expect(await similar.get(hashOf('a1'), 'sha256:other')).toBeUndefined()

    expect(await similar.hashedIds(CONFIG)).toEqual(['a1'])
    expect(await collectAll(similar.framesOf(CONFIG, ['a2', 'a1', 'a3', 'nope']))).toEqual([
      { id: 'a1', frames: ALL_BYTES },
    ])
    // The picture between bars where hashing found them, else the resolution; assets without frames are left out.
    await similar.put(hashOf('a3'), CONFIG, framed(ALL_BYTES), at)
    expect(await similar.pictureSizes(CONFIG, ['a1', 'a2', 'a3'])).toEqual(
      new Map([
        ['a1', '1440x1080'],
        ['a3', '1920x1080'],
      ]),
    )
  })

  it('reads frames a thousand assets at a time, in id order within each read', async () => {
    const ids = Array.from({ length: 1003 }, (_, index) => `v${String(index).padStart(4, '0')}`)
    const { catalog } = await catalogWith(['v0001', 'v1002'])
    await catalog.repos.similar.put(hashOf('v1002'), CONFIG, framed(Buffer.from([2])), at)
    await catalog.repos.similar.put(hashOf('v0001'), CONFIG, framed(Buffer.from([1])), at)
    expect(await collectAll(catalog.repos.similar.framesOf(CONFIG, ids))).toEqual([
      { id: 'v0001', frames: Buffer.from([1]) },
      { id: 'v1002', frames: Buffer.from([2]) },
    ])
  })

  it('lists the assets waiting to be hashed in id order, page by page, and counts them', async () => {
    const { sql, catalog } = await catalogWith(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'])
    const { similar } = catalog.repos
    await sql.run(`UPDATE videos SET media_type = 'audio' WHERE id = 'a2'`)
    await sql.run(`UPDATE videos SET health = 'missing' WHERE id = 'a3'`)
    await sql.run(`UPDATE videos SET health = 'changed', media_type = 'image', object_key = 'k/a4' WHERE id = 'a4'`)
    await sql.run(`UPDATE videos SET file_hash = NULL WHERE id = 'a5'`)
    // A seed's bare hex names the same content as Framevault's form.
    await sql.run('UPDATE videos SET file_hash = ? WHERE id = ?', ['ab'.repeat(32), 'a6'])
    await similar.put(`sha256:${'ab'.repeat(32)}`, CONFIG, failed, at)
    // A copy of a1's bytes waits as long as a1's content does.
    await sql.run(`UPDATE videos SET file_hash = 'sha256:a1' WHERE id = 'a8'`)

    expect(await similar.countUnhashed(CONFIG)).toBe(4)
    const first = await similar.unhashed(CONFIG, '', 2)
    expect(first).toEqual([
      {
        id: 'a1',
        name: 'a1.mp4',
        filePath: '/library/media/videos/a1.mp4',
        storage: 'copy',
        objectKey: null,
        fileHash: 'sha256:a1',
        mediaType: 'video',
        durationSeconds: 12.5,
      },
      expect.objectContaining({ id: 'a4', mediaType: 'image', objectKey: 'k/a4' }),
    ])
    expect((await similar.unhashed(CONFIG, 'a4', 10)).map((asset) => asset.id)).toEqual(['a7', 'a8'])
    expect(await similar.unhashed(CONFIG, 'a8', 10)).toEqual([])

    await similar.put(hashOf('a1'), CONFIG, framed(ALL_BYTES), at)
    await similar.put(hashOf('a3'), CONFIG, framed(ALL_BYTES), at)
    expect(await similar.countUnhashed(CONFIG)).toBe(2)
    expect((await similar.unhashed(CONFIG, '', 10)).map((asset) => asset.id)).toEqual(['a4', 'a7'])
    expect(await similar.countUnhashed('sha256:other')).toBe(5)
    // Assets, not contents: a1 and its copy a8 count twice; a6 failed; a missing file's content does not count.
    expect(await similar.counts(CONFIG)).toEqual({ hashed: 2, failed: 1 })
    expect(await similar.counts('sha256:other')).toEqual({ hashed: 0, failed: 0 })
    expect(await similar.hashedIds(CONFIG)).toEqual(['a1', 'a8'])
  })

  it('cuts the assets waiting into parts by the first digit of their ids, each asset in one part', async () => {
    const hex = '0123456789abcdef'.split('').map((digit) => `${digit}1f2e3d4c5b6a7980`)
    const ids = [...hex, 'A2345678', 'zz-pushed', 'Ünïcode']
    const { catalog } = await catalogWith(ids)
    const { similar } = catalog.repos
    for (const of of [1, 3, 8, 16]) {
      const parts = await Promise.all(
        Array.from({ length: of }, (_, index) => similar.unhashed(CONFIG, '', 100, { index, of })),
      )
      const counts = await Promise.all(
        Array.from({ length: of }, (_, index) => similar.countUnhashed(CONFIG, { index, of })),
      )
      expect(counts).toEqual(parts.map((part) => part.length))
      const seen = parts.flat().map((asset) => asset.id)
      expect([...seen].sort()).toEqual([...ids].sort())
    }
    // Part 2 of 8 takes the ids that start with 2 or a (A too); those that start with no hex digit are part 1's.
    const second = await similar.unhashed(CONFIG, '', 100, { index: 2, of: 8 })
    expect(second.map((asset) => asset.id).sort()).toEqual(
      ['21f2e3d4c5b6a7980', 'A2345678', 'a1f2e3d4c5b6a7980'].sort(),
    )
    const first = (await similar.unhashed(CONFIG, '', 100, { index: 0, of: 8 })).map((asset) => asset.id)
    expect(first).toEqual(expect.arrayContaining(['zz-pushed', 'Ünïcode', '01f2e3d4c5b6a7980', '81f2e3d4c5b6a7980']))
  })

  it('keeps a dismissed pair once, in either order, until it is taken back', async () => {
    const { sql, catalog } = await catalogWith([])
    const { similar } = catalog.repos
    expect(await similar.dismissedPairs()).toEqual(new Set())
    await similar.dismiss('b2', 'a1', at)
    await similar.dismiss('a1', 'b2', at)
    await similar.dismiss('c3', 'B9', at)
    expect(await similar.dismissedPairs()).toEqual(new Set(['a1|b2', 'B9|c3']))
    expect(
      await sql.all('SELECT content_a, content_b, dismissed_at FROM similar_dismissed ORDER BY content_b'),
    ).toEqual([
      { content_a: 'a1', content_b: 'b2', dismissed_at: at },
      { content_a: 'B9', content_b: 'c3', dismissed_at: at },
    ])
    // The larger id first is refused by the table itself.
    await expect(
      sql.run('INSERT INTO similar_dismissed (content_a, content_b, dismissed_at) VALUES (?, ?, ?)', ['z', 'y', at]),
    ).rejects.toThrow()
    await similar.undismiss('b2', 'a1')
    await similar.undismiss('x', 'y')
    expect(await similar.dismissedPairs()).toEqual(new Set(['B9|c3']))
  })

  it('tells whether any file has frames, and which assets have provenance', async () => {
    const { sql, catalog } = await catalogWith(['a1', 'a2', 'a3'])
    const { similar } = catalog.repos
    expect(await similar.anyFrames(CONFIG)).toBe(false)
    await similar.put(hashOf('a1'), CONFIG, failed, at)
    expect(await similar.anyFrames(CONFIG)).toBe(false)
    await similar.put(hashOf('a2'), CONFIG, framed(ALL_BYTES), at)
    expect(await similar.anyFrames(CONFIG)).toBe(true)
    expect(await similar.anyFrames('sha256:other')).toBe(false)

    await sql.run('INSERT INTO video_generation (video_id, prompt, created_at) VALUES (?, ?, ?)', ['a1', 'a cat', at])
    await insertRun(sql, 'run1', null, { a2: 'output' })
    expect(await similar.withProvenance(['a1', 'a2', 'a3', 'nope'])).toEqual(new Set(['a1', 'a2']))
    expect(await similar.withProvenance([])).toEqual(new Set())
  })

  it('finds kin by stack, run, sweep and input, each pair once, a stack first', async () => {
    const ids = ['h', 'm1', 'm2', 'o1', 'o2', 'o3', 'i1', 'x']
    const { sql, catalog } = await catalogWith(ids)
    for (const [member, reason] of [
      ['m1', 'sidecar'],
      ['m2', 'proxy'],
      ['o1', 'processed'],
    ]) {
      await sql.run('INSERT INTO stack_members (member_id, head_id, reason) VALUES (?, ?, ?)', [member!, 'h', reason!])
    }
    // One run made o1 and o2 from i1; another run of the same job (a sweep) made o3.
    await insertRun(sql, 'run1', 'job1', { o1: 'output', o2: 'output', i1: 'input' })
    await insertRun(sql, 'run2', 'job1', { o3: 'output' })
    expect(await catalog.repos.similar.kin(ids)).toEqual([
      { a: 'm1', b: 'h', reason: 'sidecar' },
      { a: 'm1', b: 'm2', reason: 'same-source' },
      { a: 'm1', b: 'o1', reason: 'same-source' },
      { a: 'm2', b: 'h', reason: 'proxy' },
      { a: 'm2', b: 'o1', reason: 'same-source' },
      { a: 'o1', b: 'h', reason: 'processed' },
      { a: 'o1', b: 'o2', reason: 'same-run' },
      { a: 'o1', b: 'o3', reason: 'same-run' },
      { a: 'o2', b: 'o3', reason: 'same-run' },
      { a: 'o1', b: 'i1', reason: 'made-from' },
      { a: 'o2', b: 'i1', reason: 'made-from' },
    ])
    // Only pairs of the assets asked about.
    expect(await catalog.repos.similar.kin(['o1', 'i1', 'h', 'x'])).toEqual([
      { a: 'o1', b: 'h', reason: 'processed' },
      { a: 'o1', b: 'i1', reason: 'made-from' },
    ])
    expect(await catalog.repos.similar.kin([])).toEqual([])
  })

  it('writes the assets with near-duplicates where they change, and they go with their asset', async () => {
    const { sql, catalog } = await catalogWith(['a1', 'a2', 'a3', 'a4'])
    const { similar } = catalog.repos
    const grouped = async () =>
      (await sql.all<{ asset_id: string }>('SELECT asset_id FROM near_duplicate_assets ORDER BY asset_id')).map(
        (row) => row.asset_id,
      )
    expect(await similar.replaceNearDuplicateAssets(['a1', 'a2', 'gone'])).toBe(2)
    expect(await similar.replaceNearDuplicateAssets(['a1', 'a2'])).toBe(0)
    expect(await similar.replaceNearDuplicateAssets(['a2', 'a3', 'a4'])).toBe(3)
    expect(await grouped()).toEqual(['a2', 'a3', 'a4'])
    await sql.run('INSERT INTO stack_members (member_id, head_id, reason) VALUES (?, ?, ?)', ['a3', 'a1', 'proxy'])
    await sql.run(`DELETE FROM videos WHERE id IN ('a3', 'a4')`)
    expect(await grouped()).toEqual(['a2'])
    expect(await count(sql, 'stack_members')).toBe(0)
    // Frames are kept by content, not by asset: a re-import of the same bytes finds them.
    await similar.put(hashOf('a2'), CONFIG, framed(ALL_BYTES), at)
    await sql.run(`DELETE FROM videos WHERE id = 'a2'`)
    expect(await grouped()).toEqual([])
    expect(await count(sql, 'frame_hashes')).toBe(1)
    expect(await similar.replaceNearDuplicateAssets([])).toBe(0)
  })

  it('notes the grouped assets stale with a new stamp each time, and clears only the last note', async () => {
    const { catalog } = await catalogWith([])
    const { similar } = catalog.repos
    expect(await similar.nearDuplicatesStale()).toBeNull()
    await similar.markNearDuplicatesStale()
    const first = await similar.nearDuplicatesStale()
    expect(first).toBe('1')
    await similar.markNearDuplicatesStale()
    expect(await similar.nearDuplicatesStale()).toBe('2')
    await similar.clearNearDuplicatesStale(first!)
    expect(await similar.nearDuplicatesStale()).toBe('2')
    await catalog.transaction(async (repos) => repos.similar.clearNearDuplicatesStale('2'))
    expect(await similar.nearDuplicatesStale()).toBeNull()
  })

  describe('the near-duplicate index over stored hashes', () => {
    let index: NearDuplicates | null = null
    afterEach(async () => {
      await index?.close()
      index = null
    })

    it('finds two copies of one clip as a group, which a dismissal takes apart and an undo puts back', async () => {
      const { sql, catalog } = await catalogWith(['clip', 'copy', 'other'])
      const { similar } = catalog.repos
      const random = randomSequence(34)
      const clip = randomClip(40, random)
      const copy = variantOf(clip, { minFlips: 4, maxFlips: 12 }, random)
      await similar.put(hashOf('clip'), HASH_CONFIG_HASH, framed(framesToBlob(clip)), at)
      await similar.put(hashOf('copy'), HASH_CONFIG_HASH, framed(framesToBlob(copy)), at)
      await similar.put(hashOf('other'), HASH_CONFIG_HASH, framed(framesToBlob(randomClip(40, random))), at)
      index = createNearDuplicates(similar)
      const pairs = await index.pairs()
      expect(pairs.map(({ a, b, relation }) => ({ a, b, relation }))).toEqual([
        { a: 'clip', b: 'copy', relation: 'same' },
      ])
      expect((await index.of('copy')).map((candidate) => candidate.assetId)).toEqual(['clip'])

      const lib = { catalog, nearDuplicates: index, repos: await mediaOf(sql), visibility: SEES_ALL }
      const grouped = async () => {
        const { groups } = await similarGroups(lib, { minShare: 0, offset: 0, limit: 10 })
        return groups.map((group) => group.members.map((member) => member.asset.id).sort())
      }
      expect(await grouped()).toEqual([['clip', 'copy']])
      await similar.dismiss('copy', 'clip')
      expect(await grouped()).toEqual([])
      await similar.undismiss('clip', 'copy')
      expect(await grouped()).toEqual([['clip', 'copy']])
    }, 30_000)
  })
})

/**
 * The asset rows as the media repository reads them, in its place: media stays on a library's synchronous repos until
 * its domain moves (issue 34).
 */
async function mediaOf(sql: SqlEngine): Promise<LibraryRepos> {
  const rows = await sql.all<MediaAsset>(
    `SELECT id, name, media_type AS "mediaType", size_bytes AS "sizeBytes", duration_seconds AS "durationSeconds",
            resolution, codec, imported_at AS "importedAt" FROM videos`,
  )
  const assets = new Map(rows.map((row) => [row.id, row]))
  return { media: { get: (id: string) => assets.get(id) } } as unknown as LibraryRepos
}

/** A workflow run `id` (of job `jobId`) with these assets in these roles. */
async function insertRun(
  sql: SqlEngine,
  id: string,
  jobId: string | null,
  roles: Record<string, 'output' | 'input'>,
): Promise<void> {
  await sql.run(
    `INSERT INTO workflows (id, name, definition) VALUES ('wf', 'Workflow', '{}') ON CONFLICT (id) DO NOTHING`,
  )
  await sql.run('INSERT INTO workflow_executions (id, workflow_id, job_id) VALUES (?, ?, ?)', [id, 'wf', jobId])
  for (const [videoId, role] of Object.entries(roles)) {
    await sql.run(
      'INSERT INTO workflow_videos (workflow_id, video_id, node_id, role, execution_id) VALUES (?, ?, ?, ?, ?)',
      ['wf', videoId, `${id}-${videoId}`, role, id],
    )
  }
}
