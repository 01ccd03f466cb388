import { copyFileSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Job, MediaAsset } from '../../shared/contract'
import { loadSampledHasher } from '../../main/media/sampled-id'
import type { Library } from '../../main/services/library-context'
import type { OpenLibraryOptions } from '../../main/app/open-library'
import { call } from '../helpers/browse'
import { healthView, insertAssetRow, runHealthJob, sparseFile } from '../helpers/health'
import { importAndWait, sha256Of } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

/** Links (or copies) the fixtures, from a folder of their own, into a fresh library. */
async function libraryLinking(files: string[], options: { copy?: string[]; open?: OpenLibraryOptions } = {}) {
  const source = tempDir()
  const placed = files.map((file) => {
    const target = path.join(source, path.basename(file))
    copyFileSync(file, target)
    return target
  })
  const lib = testLibrary(tempDir(), options.open)
  await importAndWait(lib, placed, true)
  if (options.copy) await importAndWait(lib, options.copy)
  const byName = new Map<string, MediaAsset>()
  for (const row of lib.sqlite.db.prepare<[], { id: string; name: string }>('SELECT id, name FROM videos').all()) {
    byName.set(row.name, (await lib.catalog.repos.media.get(row.id))!)
  }
  return { lib, source, byName }
}

const relink = (lib: Library, input: { folder: string; ids?: string[] }) => runHealthJob(lib, 'health:relink', input)

describe('health:relink', () => {
  it('finds a moved, renamed linked file by its sampled id and confirms it by SHA-256, past a decoy', async () => {
    const fx = inject('fixtures')
    const { lib, source, byName } = await libraryLinking([fx.collisionA, fx.mov, fx.png])
    const moved = byName.get('collision-a.mp4')!
    const elsewhere = tempDir()
    mkdirSync(path.join(elsewhere, 'z', 'deeper'), { recursive: true })
    const newPlace = path.join(elsewhere, 'z', 'deeper', 'renamed clip.mp4')
    renameSync(path.join(source, 'collision-a.mp4'), newPlace)
    // Same size and same sampled id, one byte apart: found first (name order), refused by its SHA-256.
    copyFileSync(fx.collisionB, path.join(elsewhere, 'a-decoy.mp4'))
    writeFileSync(path.join(elsewhere, 'notes.txt'), 'not media')
    rmSync(path.join(source, 'image.png'))
    await runHealthJob(lib, 'health:verify', {})
    expect(await lib.catalog.repos.media.get(moved.id)).toMatchObject({ health: 'missing' })

    const { job, items } = await relink(lib, { folder: elsewhere })

    expect(job).toMatchObject({ kind: 'relink', state: 'done', folder: elsewhere, filesTotal: 2, filesDone: 2 })
    expect(job.counts).toMatchObject({ relinked: 1, missing: 1, copied: 0 })
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: moved.id, outcome: 'relinked', newPath: newPlace }),
        expect.objectContaining({
          id: byName.get('image.png')!.id,
          outcome: 'missing',
          reason: expect.stringMatching(/No file .* has its size and sampled id/),
        }),
      ]),
    )
    const relinked = await call<MediaAsset>(lib, 'media:get', { id: moved.id })
    expect(relinked).toMatchObject({ filePath: newPlace, health: null, verifiedAt: expect.any(String) })
    expect(await lib.catalog.repos.media.get(byName.get('image.png')!.id)).toMatchObject({ health: 'missing' })
    // The relinked asset is whole again: a verify finds it ok where it is now.
    const check = await call<{ job: Job }>(lib, 'health:verify', { ids: [moved.id] })
    await lib.jobs.settled(check.job.id)
    expect(healthView(await lib.jobs.get(check.job.id)).counts.ok).toBe(1)
  })

  it('says a copied asset cannot be relinked by folder, and that a chosen present file needs nothing', async () => {
    const fx = inject('fixtures')
    const { lib, byName } = await libraryLinking([fx.mov], { copy: [fx.mp4] })
    const copied = byName.get('clip.mp4')!
    rmSync(path.resolve(lib.dir, copied.filePath))
    const folder = tempDir()
    copyFileSync(fx.mp4, path.join(folder, 'clip.mp4'))

    const { job, items } = await relink(lib, { folder, ids: [copied.id, byName.get('clip.mov')!.id] })

    expect(job.counts).toMatchObject({ copied: 1, present: 1, relinked: 0 })
    expect(items).toHaveLength(2)
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: copied.id, outcome: 'copied', reason: expect.stringMatching(/copied asset/) }),
        expect.objectContaining({ id: byName.get('clip.mov')!.id, outcome: 'present' }),
      ]),
    )
    expect(await lib.catalog.repos.media.get(copied.id)).toMatchObject({ health: 'missing', filePath: copied.filePath })
  })

  it('searches only folders the path gate allows, and refuses a missing folder, before any job exists', async () => {
    const allowed = tempDir()
    const lib = testLibrary(tempDir(), { allowedPaths: [allowed] })
    await expect(call(lib, 'health:relink', { folder: tempDir() })).rejects.toThrow(/forbidden .*outside the folders/)
    await expect(call(lib, 'health:relink', { folder: path.join(allowed, 'nothing') })).rejects.toThrow(/not_found/)
    writeFileSync(path.join(allowed, 'file.txt'), 'x')
    await expect(call(lib, 'health:relink', { folder: path.join(allowed, 'file.txt') })).rejects.toThrow(/validation/)
    expect(await lib.jobs.list({ limit: 100 })).toEqual([])
  })

  it('stops when cancelled while it confirms a candidate, leaving the asset as it was', async () => {
    const lib = testLibrary()
    const folder = tempDir()
    const size = 768 * 1024 * 1024
    // Same size and sampled id as the missing asset, other content: only the full hash tells (and takes a while).
    const candidate = sparseFile(path.join(folder, 'big.bin'), size)
    const { id: sampledId } = (await loadSampledHasher()).ofFile(candidate)
    const gone = path.join(tempDir(), 'gone.bin')
    await insertAssetRow(lib, { id: 'C1', file: gone, size, sha256: `sha256:${'0'.repeat(64)}`, sampledId })
    let cancelled: Promise<unknown> | undefined
    lib.events.subscribe((event) => {
      if (event.name === 'job:progress' && event.payload.files?.total != null) {
        cancelled ??= call(lib, 'jobs:cancel', { jobId: event.payload.jobId })
      }
    })

    const { job, items } = await runHealthJob(lib, 'health:relink', { folder })
    await cancelled

    expect(job).toMatchObject({ state: 'cancelled', filesTotal: 1, filesDone: 0, bytesDone: 0 })
    expect(job.counts).toMatchObject({ relinked: 0, missing: 0 })
    expect(items).toEqual([])
    expect(await lib.catalog.repos.media.get('C1')).toMatchObject({
      filePath: gone,
      health: 'missing',
      verifiedAt: null,
    })
    expect((await lib.jobs.list({ limit: 100 })).map((listed) => [listed.kind, listed.state])).toEqual([
      ['relink', 'cancelled'],
    ])
    await expect(call(lib, 'jobs:get', { jobId: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(/not_found/)
  })
})

describe('health jobs over more assets than one page', () => {
  it('verify and relink walk every asset page by page (and relink lists flagged copies after them)', async () => {
    const lib = testLibrary()
    const folder = tempDir()
    const hasher = await loadSampledHasher()
    const count = 1_234
    await lib.catalog.transaction(async ({ media }) => {
      for (let index = 0; index < count; index++) {
        const file = path.join(folder, `f${index}.txt`)
        writeFileSync(file, `content ${index}`)
        const facts = { size: statSync(file).size, sha256: sha256Of(file), sampledId: hasher.ofFile(file).id }
        await insertAssetRow(lib, { id: `P${String(index).padStart(5, '0')}`, file, ...facts }, media)
      }
      const copy = path.join(folder, 'copied-and-gone.txt')
      await insertAssetRow(
        lib,
        { id: 'Q1', file: copy, size: 9, sha256: `sha256:${'1'.repeat(64)}`, sampledId: 'q', storage: 'copy' },
        media,
      )
    })
    const moved = tempDir()
    for (const index of [0, 700, count - 1])
      renameSync(path.join(folder, `f${index}.txt`), path.join(moved, `m${index}`))

    const verified = await runHealthJob(lib, 'health:verify', {})
    expect(verified.job).toMatchObject({ filesTotal: count + 1, filesDone: count + 1 })
    expect(verified.job.counts).toMatchObject({ ok: count - 3, missing: 4 })
    expect(lib.sqlite.db.prepare('SELECT count(*) AS n FROM videos WHERE verified_at IS NOT NULL').get()).toEqual({
      n: count - 3,
    })

    const relinked = await runHealthJob(lib, 'health:relink', { folder: moved })
    expect(relinked.job.counts).toMatchObject({ relinked: 3, copied: 1, missing: 0, present: 0 })
    expect(relinked.items.filter((item) => item.outcome === 'relinked').map((item) => item.newPath)).toEqual(
      expect.arrayContaining([0, 700, count - 1].map((index) => path.join(moved, `m${index}`))),
    )
    expect(relinked.items.find((item) => item.outcome === 'copied')).toMatchObject({ id: 'Q1' })
  })
})
