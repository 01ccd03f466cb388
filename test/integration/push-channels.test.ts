import { afterEach, describe, expect, inject, it } from 'vitest'
import type { CachedAnalysis, ProcessingRun } from '../../shared/contract'
import type { Library } from '../../main/app/library-context'
import { openHubLibrary } from '../../main/app/open-hub-library'
import { openLibrary } from '../../main/app/open-library'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const OTHER = `sha256:${'0'.repeat(64)}`

const opened: Library[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((lib) => lib.close()))
})

const libraries = {
  'a library folder (SQLite)': async () => openLibrary(tempDir()),
  'a hub (PostgreSQL)': async () => openHubLibrary(tempDir(), await freshHubDatabase(), { actor: 'hub' }),
}

// What `push` asks a hub (issue 34 point 5): the same answers from either engine.
describe.each(Object.entries(libraries))('the channels a push uses, on %s', (_, open) => {
  it('media:held names the asset holding each content asked about, once each, and leaves the rest out', async () => {
    const lib = await open()
    opened.push(lib)
    const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.png])
    const [clip, still] = await Promise.all(
      items.map(async (item) => (await lib.catalog.repos.media.get(item.asset!.id))!),
    )
    const { assets } = await call<{ assets: unknown[] }>(lib, 'media:held', {
      hashes: [still!.fileHash, OTHER, clip!.fileHash, still!.fileHash],
    })
    expect(assets).toEqual([
      { hash: still!.fileHash, id: still!.id },
      { hash: clip!.fileHash, id: clip!.id },
    ])
    await expect(call(lib, 'media:held', { hashes: ['abc'] })).rejects.toThrow(/validation/)
  })

  it('analysis:put adds rows of the asset’s content once; another content’s are stale, never written', async () => {
    const lib = await open()
    opened.push(lib)
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const asset = (await lib.catalog.repos.media.get(items[0]!.asset!.id))!
    const row = (configHash: string, fileHash = asset.fileHash) => ({
      fileHash,
      configHash,
      ranges: JSON.stringify([{ start: 0, end: 1.5, label: 'loud' }]),
      metadata: JSON.stringify({ analyzer: 'loudness', config: { window: configHash } }),
    })
    const [a, b, c] = ['a', 'b', 'c'].map((digit) => `sha256:${digit.repeat(64)}`) as [string, string, string]
    // A row the cache cannot key refuses the call in words, and nothing of it is written.
    await expect(call(lib, 'analysis:put', { assetId: asset.id, rows: [row(a), row('cfg')] })).rejects.toThrow(
      'configHash must be "algo:hex", got "cfg"',
    )
    const rows = [row(a), row(b), row(c, OTHER)]
    expect(await call(lib, 'analysis:put', { assetId: asset.id, rows })).toEqual({ added: 2, present: 0, stale: 1 })
    expect(await call(lib, 'analysis:put', { assetId: asset.id, rows })).toEqual({ added: 0, present: 2, stale: 1 })
    const { analyses } = await call<{ analyses: CachedAnalysis[] }>(lib, 'analysis:list', { assetId: asset.id })
    expect(analyses.map((one) => [one.configHash, one.analyzer, one.valid, one.ranges]).sort()).toEqual([
      [a, 'loudness', true, [{ start: 0, end: 1.5, label: 'loud' }]],
      [b, 'loudness', true, [{ start: 0, end: 1.5, label: 'loud' }]],
    ])
    await expect(call(lib, 'analysis:put', { assetId: 'nope', rows })).rejects.toThrow(/not_found/)
  })
  it('processing:put records a run between two assets once, by their files; runs of other contents are stale', async () => {
    const lib = await open()
    opened.push(lib)
    const { items } = await importAndWait(lib, [fixtures.webm, fixtures.mp4])
    const [input, output] = await Promise.all(
      items.map(async (item) => (await lib.catalog.repos.media.get(item.asset!.id))!),
    )
    const run = {
      inputAssetId: input!.id,
      outputAssetId: output!.id,
      action: 'convert',
      configHash: `sha256:${'c'.repeat(64)}`,
      inputHash: input!.fileHash!,
      outputHash: output!.fileHash!,
      parameters: JSON.stringify({ preset: 'h264-mp4' }),
    }
    const runs = [run, { ...run, outputHash: OTHER }]
    expect(await call(lib, 'processing:put', { runs })).toEqual({ added: 1, present: 0, stale: 1 })
    expect(await call(lib, 'processing:put', { runs })).toEqual({ added: 0, present: 1, stale: 1 })
    const listed = await call<{ runs: ProcessingRun[] }>(lib, 'processing:list', { assetId: output!.id })
    expect(listed.runs.map((one) => [one.action, one.inputAssetId, one.outputAssetId, one.parameters])).toEqual([
      ['convert', input!.id, output!.id, { preset: 'h264-mp4' }],
    ])
    await expect(call(lib, 'processing:put', { runs: [{ ...run, outputAssetId: 'nope' }] })).rejects.toThrow(
      /not_found.*No asset nope/,
    )
  })
})
