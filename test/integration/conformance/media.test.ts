import { describe, expect, it } from 'vitest'
import { createCatalog } from '../../../main/db/catalog'
import type { NewAsset } from '../../../main/db/repos/media'
import { UniqueViolation } from '../../../main/db/sql/sql-engine'
import { ENGINES, freshEngine, meetingOfTwo } from '../../helpers/sql-engines'

const SHA = (digit: string) => `sha256:${digit.repeat(64)}`

/** A new asset as an import writes it; `id` names it, the rest may be changed. */
function newAsset(id: string, changes: Partial<NewAsset> = {}): NewAsset {
  return {
    id,
    name: `${id}.mp4`,
    filePath: `/library/media/videos/${id}.mp4`,
    fileHash: SHA('a'),
    sizeBytes: 1_000,
    durationSeconds: 2.5,
    resolution: '1920x1080',
    aspectRatio: '16:9',
    codec: 'h264',
    fps: 25,
    sourceType: 'uploaded',
    createdAt: '2026-11-26T10:00:00.000Z',
    metadata: { format: { tags: { comment: 'ü' } } },
    mediaType: 'video',
    importedBy: 'Ada',
    originalPath: `/shoot/${id}.mp4`,
    importedAt: '2026-11-26T10:00:01.000Z',
    sampledId: `s-${id}`,
    storage: 'copy',
    objectKey: `media/videos/${id}.mp4`,
    ...changes,
  }
}

// Issue 34 point 2: the assets' own repository, the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('media on %s', (dialect) => {
  const fresh = async () => {
    const sql = await freshEngine(dialect)
    return { sql, catalog: createCatalog(sql) }
  }

  it('stores an asset and reads it back whole, by id and by each of its look-ups', async () => {
    const { catalog } = await fresh()
    const { media } = catalog.repos
    await media.insert(newAsset('a1'))
    expect(await media.get('a1')).toEqual({
      id: 'a1',
      name: 'a1.mp4',
      filePath: '/library/media/videos/a1.mp4',
      fileHash: SHA('a'),
      sizeBytes: 1_000,
      durationSeconds: 2.5,
      resolution: '1920x1080',
      aspectRatio: '16:9',
      codec: 'h264',
      fps: 25,
      sourceType: 'uploaded',
      createdAt: '2026-11-26T10:00:00.000Z',
      metadata: { format: { tags: { comment: 'ü' } } },
      mediaType: 'video',
      status: 1,
      error: null,
      importedBy: 'Ada',
      originalPath: '/shoot/a1.mp4',
      importedAt: '2026-11-26T10:00:01.000Z',
      storage: 'copy',
      rating: 0,
      notes: null,
      health: null,
      verifiedAt: null,
    })
    expect(await media.get('nope')).toBeUndefined()
    const ref = { id: 'a1', name: 'a1.mp4', filePath: '/library/media/videos/a1.mp4' }
    expect(await media.ref('a1')).toEqual(ref)
    expect(await media.byPath('/library/media/videos/a1.mp4')).toEqual(ref)
    expect(await media.byPath('/elsewhere.mp4')).toBeUndefined()
    expect(await media.fileOf('a1')).toEqual({
      filePath: '/library/media/videos/a1.mp4',
      storage: 'copy',
      objectKey: 'media/videos/a1.mp4',
      flaggedMissing: false,
    })
    expect(await media.filesOf(['nope', 'a1'])).toEqual(
      new Map([
        ['a1', { filePath: '/library/media/videos/a1.mp4', storage: 'copy', objectKey: 'media/videos/a1.mp4' }],
      ]),
    )
    expect(await media.hasSampledId('s-a1')).toBe(true)
    expect(await media.hasSampledId('s-zz')).toBe(false)
  })

  it('finds content by sampled id and SHA-256 in either stored form, the first by id', async () => {
    const { sql, catalog } = await fresh()
    const { media } = catalog.repos
    await media.insert(newAsset('b2', { fileHash: SHA('b') }))
    await media.insert(newAsset('b1', { fileHash: SHA('b'), sampledId: 's-b2' }))
    // The original media manager writes the bare hex digest.
    await sql.run('UPDATE videos SET file_hash = ? WHERE id = ?', ['c'.repeat(64), 'b2'])
    await media.insert(newAsset('c9', { fileHash: SHA('d'), sampledId: 's-b2' }))

    const match = (id: string, digit: string) => ({
      id,
      name: `${id}.mp4`,
      filePath: `/library/media/videos/${id}.mp4`,
      fileHash: SHA(digit),
    })
    expect(await media.bySampledId('s-b2')).toEqual([match('b1', 'b'), match('b2', 'c'), match('c9', 'd')])
    expect(await media.sameContent('s-b2', SHA('c'))).toEqual(match('b2', 'c'))
    expect(await media.sameContent('s-b1', SHA('c'))).toBeUndefined()
    // The one under the sampled id first, else the first by id.
    expect(await media.contentMatch('s-zz', SHA('b'))).toEqual({ match: match('b1', 'b') })
    expect(await media.contentMatch('s-b2', SHA('c'))).toEqual({ match: match('b2', 'c') })
    await media.insert(newAsset('a0', { fileHash: SHA('d'), sampledId: 's-a0' }))
    expect(await media.contentMatch('s-b2', SHA('d'))).toEqual({ match: match('c9', 'd') })
    expect(await media.contentMatch('s-zz', SHA('d'))).toEqual({ match: match('a0', 'd') })
    // No asset holds the content: whether one holds the sampled id as its id (other content: a collision).
    expect(await media.contentMatch('s-b2', SHA('e'))).toEqual({ match: null, idHeld: false })
    expect(await media.contentMatch('b2', SHA('e'))).toEqual({ match: null, idHeld: true })
    // The content held under that very id is a match, not a collision; held elsewhere too, the match still comes first.
    expect(await media.contentMatch('b2', SHA('c'))).toEqual({ match: match('b2', 'c') })
    expect(await media.contentMatch('a0', SHA('b'))).toEqual({ match: match('b1', 'b') })
    expect(await media.idWithHash(SHA('c'))).toBe('b2')
    expect(await media.idWithHash(SHA('e'))).toBeNull()
    expect(await media.idAtPathWithHash('/library/media/videos/b2.mp4', SHA('c'))).toBe('b2')
    expect(await media.idAtPathWithHash('/library/media/videos/b2.mp4', SHA('b'))).toBeNull()
  })

  it('refuses a taken id or path: insert throws UniqueViolation, insertUnlessTaken says false; also held content', async () => {
    const { sql, catalog } = await fresh()
    const { media } = catalog.repos
    await media.insert(newAsset('t1'))
    await expect(media.insert(newAsset('t1', { filePath: '/other.mp4', objectKey: 'o' }))).rejects.toBeInstanceOf(
      UniqueViolation,
    )
    expect(await media.insertUnlessTaken(newAsset('t2', { filePath: '/library/media/videos/t1.mp4' }))).toBe(false)
    // The content under its sampled id already, in the seed's hash form too: held, whatever the new id.
    expect(await media.insertUnlessTaken(newAsset('t5', { sampledId: 's-t1' }))).toBe(false)
    await sql.run(`UPDATE videos SET file_hash = ? WHERE id = 't1'`, [SHA('a').slice('sha256:'.length)])
    expect(await media.insertUnlessTaken(newAsset('t5', { sampledId: 's-t1' }))).toBe(false)
    expect(await media.insertUnlessTaken(newAsset('t4'))).toBe(true)
    // Other content under the same sampled id (a collision, under its own id) is written.
    expect(await media.insertUnlessTaken(newAsset('t6', { sampledId: 's-t1', fileHash: SHA('f') }))).toBe(true)
    // A refusal inside a transaction leaves it usable (PostgreSQL aborts a transaction on a raised violation).
    const inside = await catalog.transaction(async (repos) => {
      const refused = await repos.media.insertUnlessTaken(newAsset('t1'))
      await repos.media.setStatus('t1', 3, 'after the refusal')
      return refused
    })
    expect(inside).toBe(false)
    expect(await media.get('t1')).toMatchObject({ status: 3, error: 'after the refusal' })
    expect(await sql.all('SELECT id FROM videos ORDER BY id')).toEqual([{ id: 't1' }, { id: 't4' }, { id: 't6' }])
  })

  it('two imports of one content at once: one row, and the loser finds the winner once its insert is refused', async () => {
    const { catalog } = await fresh()
    const meet = meetingOfTwo()
    const importOnce = (name: string) =>
      catalog.transaction(async ({ media }) => {
        const asset = newAsset('same', { name, objectKey: `media/videos/${name}` })
        // As the importer writes an outcome: the insert checks for the content itself, sameContent says why not.
        await meet()
        if (await media.insertUnlessTaken(asset)) return 'imported'
        const winner = await media.sameContent(asset.sampledId, asset.fileHash)
        return winner ? `duplicate of ${winner.name}` : 'taken'
      })
    const outcomes = await Promise.all([importOnce('first'), importOnce('second')])
    expect(outcomes.filter((outcome) => outcome === 'imported')).toHaveLength(1)
    const winner = outcomes[0] === 'imported' ? 'first' : 'second'
    expect(outcomes).toContain(`duplicate of ${winner}`)
    expect(await catalog.repos.media.bySampledId('s-same')).toHaveLength(1)
  })

  it('sums stored bytes by storage and thumbnail bytes, and backfills only the unrecorded', async () => {
    const { catalog } = await fresh()
    const { media } = catalog.repos
    expect(await media.storageBytes()).toEqual({ copied: 0, linked: 0 })
    expect(await media.thumbsBytes()).toBe(0)
    await media.insert(newAsset('u1', { sizeBytes: 3_000_000_000 }))
    await media.insert(newAsset('u2', { sizeBytes: 5 }))
    await media.insert(newAsset('u3', { sizeBytes: 7, storage: 'link', objectKey: null }))
    expect(await media.storageBytes()).toEqual({ copied: 3_000_000_005, linked: 7 })

    await media.setThumbsBytes('u2', 40)
    expect(await media.unrecordedThumbs()).toEqual(['u1', 'u3'])
    await media.backfillThumbsBytes([
      { id: 'u1', bytes: 10 },
      { id: 'u2', bytes: 999 },
    ])
    expect(await media.unrecordedThumbs()).toEqual(['u3'])
    expect(await media.thumbsBytes()).toBe(50)
  })

  it('sets status with its error, and finds the newest import of an original path', async () => {
    const { catalog } = await fresh()
    const { media } = catalog.repos
    await media.insert(newAsset('o1', { originalPath: '/shoot/x.mp4', importedAt: '2026-11-26T10:00:00.000Z' }))
    await media.insert(
      newAsset('o2', { originalPath: '/shoot/x.mp4', importedAt: '2026-11-26T11:00:00.000Z', fileHash: SHA('f') }),
    )
    expect((await media.byOriginalPath('/shoot/x.mp4'))?.id).toBe('o2')
    expect(await media.byOriginalPath('/shoot/y.mp4')).toBeUndefined()
    await media.setStatus('o1', 6, 'Thumbnails failed: no frame')
    expect(await media.get('o1')).toMatchObject({ status: 6, error: 'Thumbnails failed: no frame' })
  })
})
