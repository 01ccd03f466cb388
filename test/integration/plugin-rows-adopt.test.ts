import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { AdoptedRows, CachedAnalysis, MediaAsset } from '../../shared/contract'
import type { AnalysisRow } from '../../main/db/repos/analysis-cache'
import type { LocalLibrary } from '../../main/services/library-context'
import { assetFile } from '../../main/library/asset-file'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { pluginDatabase } from '../helpers/plugin-database'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const CONFIG_A = `sha256:${'a'.repeat(64)}`
const CONFIG_B = `sha256:${'b'.repeat(64)}`
const CONFIG_C = `sha256:${'c'.repeat(64)}`
const OTHER = `sha256:${'f'.repeat(64)}`
// As a Python plugin writes them: its own spacing and floats, which must reach the library as they are.
const SHOTS =
  '[{"start": 0.0, "end": 1.5, "label": "shot", "confidence": 0.9}, {"start": 1.5, "end": 3.0, "label": "shot"}]'
const KEY_COLUMNS = 'file_path, file_hash, config_hash, ranges, metadata, created_at'

/** An analysis_jobs row as SQLite holds it, less its id. */
type PluginRow = Omit<AnalysisRow, 'id'>

/** A library holding the mp4 fixture, and a plugin's database beside it holding `rows` (ids 1, 2, … in order). */
async function setUp(rows: (asset: MediaAsset) => PluginRow[]) {
  const lib = testLibrary()
  const asset = (await lib.catalog.repos.media.get((await importAndWait(lib, [fixtures.mp4])).items[0]!.asset!.id))!
  const file = pluginDatabase(path.join(tempDir(), 'media_plugin.db'), (db) => {
    const insert = db.prepare(`INSERT INTO analysis_jobs (${KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`)
    for (const row of rows(asset)) insert.run(...Object.values(row))
  })
  return { lib, asset, file, assetPath: assetFile(lib, asset.filePath) }
}

/** The mp4 analysed by a plugin under another path (1: shots), at the asset's own path (2: unreadable ranges), and another file (3). */
const threeRows = (asset: MediaAsset): PluginRow[] => [
  row('/renders/lecture.mp4', asset.fileHash!, CONFIG_A, SHOTS, '{"analysis_type": "shots"}', 1763700000.25),
  row(asset.filePath, asset.fileHash!, CONFIG_B, '{"frames": 3}', '{"analyzer":"black"}', 1763700001),
  row('/renders/other.mp4', OTHER, CONFIG_A, '[]', null, 1763700002),
]

function row(
  file_path: string,
  file_hash: string,
  config_hash: string,
  ranges: string | null,
  metadata: string | null,
  created_at: number,
): PluginRow {
  return { file_path, file_hash, config_hash, ranges, metadata, created_at }
}

const adopt = (lib: LocalLibrary, input: Record<string, unknown>) => call<AdoptedRows>(lib, 'caches:adopt-rows', input)

function libraryRows(lib: LocalLibrary): PluginRow[] {
  return lib.sqlite.db.prepare<[], PluginRow>(`SELECT ${KEY_COLUMNS} FROM analysis_jobs ORDER BY created_at`).all()
}

async function listed(lib: LocalLibrary, assetId: string): Promise<CachedAnalysis[]> {
  return (await call<{ analyses: CachedAnalysis[] }>(lib, 'analysis:list', { assetId })).analyses
}

describe('caches:adopt-rows', () => {
  it("copies the rows made from the asset's content onto it, keys and JSON text unchanged, with their source", async () => {
    const { lib, asset, file, assetPath } = await setUp(threeRows)
    const before = readFileSync(file)
    const result = await adopt(lib, { path: file, assetId: asset.id })
    expect(result).toEqual({
      assetId: asset.id,
      assetName: asset.name,
      copied: [2, 1],
      alreadyThere: [],
      conflicts: [],
      unreadable: [
        {
          rowId: 2,
          message:
            'black (row 2): its ranges are an object, not a list of start–end–label ranges; copied, but the timeline shows none of them.',
        },
      ],
    })
    const [shots, black] = threeRows(asset)
    expect(libraryRows(lib)).toEqual([
      { ...shots, file_path: assetPath },
      { ...black, file_path: assetPath },
    ])
    expect(readFileSync(file).equals(before)).toBe(true)

    const analyses = await listed(lib, asset.id)
    expect(analyses.map((analysis) => [analysis.configHash, analysis.valid, analysis.ranges])).toEqual([
      [CONFIG_B, true, { frames: 3 }],
      [
        CONFIG_A,
        true,
        [
          { start: 0, end: 1.5, label: 'shot', confidence: 0.9 },
          { start: 1.5, end: 3, label: 'shot' },
        ],
      ],
    ])
    expect(analyses[1]!.broughtFrom).toEqual({
      database: file,
      rowId: 1,
      filePath: '/renders/lecture.mp4',
      copiedAt: expect.closeTo(Date.now() / 1000, -1),
    })
  })

  it('brings the same rows twice without a second copy, and counts a result the library made alike as there', async () => {
    const { lib, asset, file, assetPath } = await setUp(threeRows)
    // The library's own run of config B found what the plugin's row 2 holds, written in its own JSON spacing.
    await lib.catalog.repos.analyses.save({
      filePath: assetPath,
      fileHash: asset.fileHash!,
      configHash: CONFIG_B,
      ranges: { frames: 3 },
      metadata: { analyzer: 'black' },
    })
    expect(await adopt(lib, { path: file, assetId: asset.id, rowIds: [1, 2] })).toMatchObject({
      copied: [1],
      alreadyThere: [2],
    })
    const once = libraryRows(lib)
    expect(await adopt(lib, { path: file, assetId: asset.id })).toMatchObject({
      copied: [],
      alreadyThere: [2, 1],
      conflicts: [],
      unreadable: [],
    })
    expect(libraryRows(lib)).toEqual(once)
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM analysis_sources').pluck().get()).toBe(1)
  })

  it("keeps the library's result where its key holds another one, and says why in words", async () => {
    const { lib, asset, file, assetPath } = await setUp((asset) => [
      ...threeRows(asset).slice(0, 2),
      row('/renders/lecture.mp4', asset.fileHash!, CONFIG_C, '[]', '{"analyzer":"freeze"}', 1763700003),
    ])
    const ours = { filePath: assetPath, fileHash: asset.fileHash!, configHash: CONFIG_A, ranges: [] }
    await lib.catalog.repos.analyses.save(ours)
    // Config C ran on what the file held before it changed.
    await lib.catalog.repos.analyses.save({ ...ours, fileHash: OTHER, configHash: CONFIG_C })
    const result = await adopt(lib, { path: file, assetId: asset.id })
    expect(result.copied).toEqual([2])
    expect(result.conflicts).toEqual([
      {
        rowId: 3,
        message: `freeze (row 3): ${asset.name} already has another result for this config made from its earlier content; the library’s is kept (delete it on ${asset.name} to bring this one).`,
      },
      {
        rowId: 1,
        message: `shots (row 1): ${asset.name} already has another result for this config; the library’s is kept (delete it on ${asset.name} to bring this one).`,
      },
    ])
    const kept = lib.sqlite.db.prepare(
      'SELECT config_hash, file_hash, ranges FROM analysis_jobs WHERE config_hash != ?',
    )
    expect(kept.all(CONFIG_B)).toEqual([
      { config_hash: CONFIG_A, file_hash: asset.fileHash, ranges: '[]' },
      { config_hash: CONFIG_C, file_hash: OTHER, ranges: '[]' },
    ])
  })

  it('copies all or nothing when a write fails part way', async () => {
    const { lib, asset, file } = await setUp(threeRows)
    // A disk that fills after the first row: the second note of a source cannot be written.
    lib.sqlite.db.exec(`CREATE TEMP TRIGGER full_disk BEFORE INSERT ON analysis_sources
      WHEN (SELECT count(*) FROM analysis_sources) >= 1 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`)
    await expect(adopt(lib, { path: file, assetId: asset.id })).rejects.toThrow(/internal Unexpected error/)
    expect(libraryRows(lib)).toEqual([])
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM analysis_sources').pluck().get()).toBe(0)
    lib.sqlite.db.exec('DROP TRIGGER full_disk')
    expect((await adopt(lib, { path: file, assetId: asset.id })).copied).toEqual([2, 1])
  })

  it('refuses rows the file lacks or made from other content, an unknown asset and an empty pick, copying nothing', async () => {
    const { lib, asset, file } = await setUp(threeRows)
    await expect(adopt(lib, { path: file, assetId: asset.id, rowIds: [1, 3] })).rejects.toThrow(
      `validation Analysis row 3 of ${file} was not made from the content of ${asset.name}: nothing was copied.`,
    )
    await expect(adopt(lib, { path: file, assetId: asset.id, rowIds: [1, 98, 99] })).rejects.toThrow(
      `not_found ${file} has no analysis rows 98, 99.`,
    )
    await expect(adopt(lib, { path: file, assetId: 'ffffffffffffffff' })).rejects.toThrow(/not_found No asset/)
    await expect(adopt(lib, { path: file, assetId: asset.id, rowIds: [] })).rejects.toThrow(/validation/)
    await expect(adopt(lib, { path: 'media_plugin.db', assetId: asset.id })).rejects.toThrow(/validation/)
    expect(libraryRows(lib)).toEqual([])
  })

  it('forgets where a row came from once a run rewrites it or it is deleted', async () => {
    const { lib, asset, file, assetPath } = await setUp(threeRows)
    await adopt(lib, { path: file, assetId: asset.id })
    await lib.catalog.repos.analyses.save({
      filePath: assetPath,
      fileHash: asset.fileHash!,
      configHash: CONFIG_A,
      ranges: [],
    })
    const analyses = await listed(lib, asset.id)
    expect(analyses.map((analysis) => [analysis.configHash, analysis.broughtFrom?.rowId ?? null])).toEqual([
      [CONFIG_A, null],
      [CONFIG_B, 2],
    ])
    await call(lib, 'analysis:delete', { assetId: asset.id, analysisId: analyses[1]!.id })
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM analysis_sources').pluck().get()).toBe(0)
  })
})
