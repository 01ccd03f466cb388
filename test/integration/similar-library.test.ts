import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ChannelOutput, ImportJob, Job } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { HASH_CONFIG_HASH } from '../../main/services/similar/hash-config'
import { activeHashJob } from '../../main/services/similar/hash-job'
import { call, suiteTempDir } from '../helpers/browse'
import { IMAGE_VARIANTS, VIDEO_VARIANTS, writeImageVariants, writeVideoVariants } from '../helpers/footage-variants'
import { importAndWait } from '../helpers/ingest'

type Groups = ChannelOutput<'similar:groups'>
type Of = ChannelOutput<'similar:of'>

const OTHER_PICTURE = path.resolve('test/fixtures/pdq-reference/q0291.jpg')
let lib: LocalLibrary
let idOf: Map<string, string>
let importJob: ImportJob

/** Waits for the hashing job the import queued (or a running one) to end; returns it as it ended. */
async function hashingEnded(): Promise<Job> {
  const job = await activeHashJob(lib)
  if (job) await lib.jobs.settled(job.id)
  return (await lib.jobs.list({ kind: 'similar-hash', limit: 1 }))[0]!
}

// The video variants that keep the source's whole picture at its size and length.
const WHOLE_PICTURE = ['source.mp4', 'low-bitrate.mp4', 'greyscale.mp4', 'logo.mp4']
const namesOf = (group: Groups['groups'][number]) => group.members.map((member) => member.asset.name).sort()

beforeAll(async () => {
  const footage = suiteTempDir()
  await writeVideoVariants(footage)
  // Pictures of other photographs than the clips': a still of the clips' photograph is one of their frames.
  await writeImageVariants(footage, path.resolve('test/fixtures/pdq-reference/q0746.jpg'), OTHER_PICTURE)
  lib = openLibrary(suiteTempDir(), { hashAfterImports: true })
  const names = ['source.mp4', 'unrelated.mp4', ...VIDEO_VARIANTS.map((v) => v.name)]
  names.push('still.png', 'other.png', ...IMAGE_VARIANTS.map((v) => v.name))
  const { items, job } = await importAndWait(
    lib,
    names.map((name) => path.join(footage, name)),
  )
  importJob = job
  idOf = new Map(items.map((item) => [path.basename(item.path), item.asset!.id]))
}, 120_000)
afterAll(() => lib.close())

describe('near-duplicates of a library', () => {
  it('hashes what an import added in a job of its own, after the import', async () => {
    const job = await hashingEnded()
    expect(job).toMatchObject({ kind: 'similar-hash', state: 'done', params: { total: 13 } })
    // Queued only once the import had ended: the import never waited on it.
    expect(Date.parse(job.createdAt)).toBeGreaterThanOrEqual(Date.parse(importJob.finishedAt!))
    expect(job.result).toEqual({ counts: { hashed: 13, failed: 0 } })
    expect(await call(lib, 'similar:status', {})).toEqual({ hashed: 13, waiting: 0, failed: 0, job: null })
  }, 120_000)

  it("groups each clip's and picture's variants with it, and leaves the unrelated footage out", async () => {
    await hashingEnded()
    const { groups, total } = await call<Groups>(lib, 'similar:groups', {})
    expect(total).toBe(2)
    // The trim is part of the clips, not the same footage: each copy lists it as lying inside, seconds 3–9.
    expect(groups.map(namesOf)).toEqual([
      ['greyscale.mp4', 'half-size.mp4', 'letterboxed.mp4', 'logo.mp4', 'low-bitrate.mp4', 'source.mp4'],
      ['cropped.png', 'recompressed.jpg', 'scaled.png', 'still.png'],
    ])
    const source = groups[0]!.members.find((member) => member.asset.name === 'source.mp4')!
    expect(source.contains).toEqual([
      {
        assetId: idOf.get('middle-half.mp4'),
        name: 'middle-half.mp4',
        start: expect.closeTo(3, 0) as number,
        end: expect.closeTo(9, 0) as number,
      },
    ])
    // Kept: of the copies with the whole picture (not half size, not a trim, not the one with black bars), the
    // largest file, the one compressed least. What the others take up is what deleting them frees.
    const [videos] = groups
    const [keeper, ...more] = videos!.members.filter((member) => member.keeper).map((member) => member.asset)
    expect(more).toEqual([])
    const whole = videos!.members.filter(({ asset }) => WHOLE_PICTURE.includes(asset.name)).map(({ asset }) => asset)
    expect(keeper!.sizeBytes).toBe(Math.max(...whole.map((asset) => asset.sizeBytes!)))
    expect(keeper!.name).not.toBe('low-bitrate.mp4')
    const others = videos!.members.filter((member) => !member.keeper)
    expect(videos!.bytesFreed).toBe(others.reduce((sum, member) => sum + member.asset.sizeBytes!, 0))
  }, 120_000)

  it('says how each variant relates to the source: the trim is part of it, the others are the same footage', async () => {
    await hashingEnded()
    const { matches } = await call<Of>(lib, 'similar:of', { id: idOf.get('source.mp4') })
    const relation = new Map(matches.map((match) => [match.asset.name, match]))
    expect([...relation.keys()].sort()).toEqual(VIDEO_VARIANTS.map((v) => v.name).sort())
    expect(relation.get('middle-half.mp4')).toMatchObject({ relation: 'contains', shareOfOther: 1 })
    expect(relation.get('middle-half.mp4')!.shareOfAsset).toBeLessThan(0.8)
    for (const name of ['low-bitrate.mp4', 'half-size.mp4', 'greyscale.mp4', 'letterboxed.mp4']) {
      expect(relation.get(name)).toMatchObject({ relation: 'same' })
    }
  }, 120_000)

  it('preselects by footage and quality before provenance, and says why', async () => {
    await hashingEnded()
    const half = idOf.get('half-size.mp4')!
    const preselected = async () => {
      const { groups } = await call<Groups>(lib, 'similar:groups', {})
      return { keeper: groups[0]!.members.find((m) => m.keeper)!.asset.id, why: groups[0]!.keeperWhy }
    }
    const before = await preselected()
    expect(before.keeper).not.toBe(half)
    expect(before.why).toBe('the best quality at its size: the most data a second')
    // Known provenance only breaks ties (issue 37 point 2): a half-size copy with details does not win.
    lib.sqlite.db.prepare('INSERT INTO video_generation (video_id, prompt) VALUES (?, ?)').run(half, 'a pan')
    try {
      expect(await preselected()).toEqual(before)
    } finally {
      lib.sqlite.db.prepare('DELETE FROM video_generation WHERE video_id = ?').run(half)
    }
  }, 120_000)

  it('keeps the frames hashed before a cancel, and the next job hashes only the rest', async () => {
    await hashingEnded()
    lib.sqlite.db.prepare('DELETE FROM frame_hashes').run()
    const { job } = await call<{ job: Job }>(lib, 'similar:hash-all', {})
    // One job at a time: asking again answers the one already queued or running.
    expect((await call<{ job: Job }>(lib, 'similar:hash-all', {})).job.id).toBe(job.id)
    await vi.waitFor(
      async () => expect((await lib.catalog.repos.similar.counts(HASH_CONFIG_HASH)).hashed).toBeGreaterThanOrEqual(2),
      { timeout: 60_000, interval: 5 },
    )
    const cancelled = await lib.jobs.cancel(job.id)
    expect(cancelled.state).toBe('cancelled')
    const { hashed: kept } = await lib.catalog.repos.similar.counts(HASH_CONFIG_HASH)
    expect(kept).toBeLessThan(13)
    expect(cancelled.result).toEqual({ counts: { hashed: kept, failed: 0 } })
    const { job: resumed } = await call<{ job: Job }>(lib, 'similar:hash-all', {})
    expect(resumed.params).toEqual({ total: 13 - kept })
    await lib.jobs.settled(resumed.id)
    expect((await lib.jobs.get(resumed.id)).result).toEqual({ counts: { hashed: 13 - kept, failed: 0 } })
    expect(await call(lib, 'similar:status', {})).toEqual({ hashed: 13, waiting: 0, failed: 0, job: null })
  }, 120_000)

  it('keeps a dismissed pair apart, also after the library is hashed again', async () => {
    await hashingEnded()
    const source = idOf.get('source.mp4')!
    const trim = idOf.get('middle-half.mp4')!
    await call(lib, 'similar:dismiss', { a: trim, b: source })
    const linked = async () => (await call<Of>(lib, 'similar:of', { id: source })).matches.map((m) => m.asset.id)
    expect(await linked()).not.toContain(trim)
    lib.sqlite.db.prepare('DELETE FROM frame_hashes').run()
    const { job } = await call<{ job: Job }>(lib, 'similar:hash-all', {})
    await lib.jobs.settled(job.id)
    expect((await lib.jobs.get(job.id)).result).toEqual({ counts: { hashed: 13, failed: 0 } })
    expect(await linked()).not.toContain(trim)
    expect(await linked()).toContain(idOf.get('low-bitrate.mp4'))
    await call(lib, 'similar:undismiss', { a: source, b: trim })
    expect(await linked()).toContain(trim)
  }, 120_000)
})
