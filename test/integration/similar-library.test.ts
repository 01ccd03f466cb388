import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelOutput, Job } from '../../shared/contract'
import type { Library } from '../../main/library/library'
import { openLibrary } from '../../main/app/open-library'
import { activeHashJob } from '../../main/services/similar/hash-job'
import { call, suiteTempDir } from '../helpers/browse'
import { IMAGE_VARIANTS, VIDEO_VARIANTS, writeImageVariants, writeVideoVariants } from '../helpers/footage-variants'
import { importAndWait } from '../helpers/ingest'

type Groups = ChannelOutput<'similar:groups'>
type Of = ChannelOutput<'similar:of'>

const OTHER_PICTURE = path.resolve('test/fixtures/pdq-reference/q0291.jpg')
let lib: Library
let idOf: Map<string, string>

/** Waits for the hashing job the import queued (or a running one) to end; returns it as it ended. */
async function hashingEnded(): Promise<Job> {
  const job = activeHashJob(lib)
  if (job) await lib.jobs.settled(job.id)
  return lib.jobs.list({ kind: 'similar-hash', limit: 1 })[0]!
}

const namesOf = (group: Groups['groups'][number]) => group.members.map((member) => member.asset.name).sort()

beforeAll(async () => {
  const footage = suiteTempDir()
  await writeVideoVariants(footage)
  // Pictures of other photographs than the clips': a still of the clips' photograph is one of their frames.
  await writeImageVariants(footage, path.resolve('test/fixtures/pdq-reference/q0746.jpg'), OTHER_PICTURE)
  lib = openLibrary(suiteTempDir(), { hashAfterImports: true })
  const names = ['source.mp4', 'unrelated.mp4', ...VIDEO_VARIANTS.map((v) => v.name)]
  names.push('still.png', 'other.png', ...IMAGE_VARIANTS.map((v) => v.name))
  const { items } = await importAndWait(
    lib,
    names.map((name) => path.join(footage, name)),
  )
  idOf = new Map(items.map((item) => [path.basename(item.path), item.asset!.id]))
}, 120_000)
afterAll(() => lib.close())

describe('near-duplicates of a library', () => {
  it('hashes what an import added in a job of its own, after the import', async () => {
    const job = await hashingEnded()
    expect(job).toMatchObject({ kind: 'similar-hash', state: 'done', params: { total: 13 } })
    expect(job.result).toEqual({ counts: { hashed: 13, failed: 0 } })
    expect(await call(lib, 'similar:status', {})).toEqual({ hashed: 13, waiting: 0, failed: 0, job: null })
  }, 120_000)

  it("groups each clip's and picture's variants with it, and leaves the unrelated footage out", async () => {
    await hashingEnded()
    const { groups, total } = await call<Groups>(lib, 'similar:groups', {})
    expect(total).toBe(2)
    expect(groups.map(namesOf)).toEqual([
      [
        'greyscale.mp4',
        'half-size.mp4',
        'letterboxed.mp4',
        'logo.mp4',
        'low-bitrate.mp4',
        'middle-half.mp4',
        'source.mp4',
      ],
      ['cropped.png', 'recompressed.jpg', 'scaled.png', 'still.png'],
    ])
    // Kept: a copy with the whole picture (not half size, not a trim, not the one with black bars); which of those
    // comes first in the library is a matter of import timing. What the others take up is what deleting them frees.
    const [videos] = groups
    const [keeper, ...more] = videos!.members.filter((member) => member.keeper).map((member) => member.asset.name)
    expect(more).toEqual([])
    expect(['source.mp4', 'low-bitrate.mp4', 'greyscale.mp4', 'logo.mp4']).toContain(keeper)
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

  it('keeps a dismissed pair apart, also after the library is hashed again', async () => {
    await hashingEnded()
    const source = idOf.get('source.mp4')!
    const trim = idOf.get('middle-half.mp4')!
    await call(lib, 'similar:dismiss', { a: trim, b: source })
    const linked = async () => (await call<Of>(lib, 'similar:of', { id: source })).matches.map((m) => m.asset.id)
    expect(await linked()).not.toContain(trim)
    lib.db.prepare('DELETE FROM frame_hashes').run()
    const { job } = await call<{ job: Job }>(lib, 'similar:hash-all', {})
    await lib.jobs.settled(job.id)
    expect(lib.jobs.get(job.id).result).toEqual({ counts: { hashed: 13, failed: 0 } })
    expect(await linked()).not.toContain(trim)
    expect(await linked()).toContain(idOf.get('low-bitrate.mp4'))
    await call(lib, 'similar:undismiss', { a: source, b: trim })
    expect(await linked()).toContain(trim)
  }, 120_000)
})
