import Database from 'better-sqlite3'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { ExternalCaches } from '../../shared/contract'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { pluginDatabase } from '../helpers/plugin-database'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const OTHER = `sha256:${'f'.repeat(64)}`

/** A plugin's data folder: its database with the two cache tables as the plugin storage makes them. */
const pluginFolder = (dir: string, rows: (db: Database.Database) => void) =>
  pluginDatabase(path.join(dir, 'media_plugin.db'), rows)

describe('caches:open', () => {
  it("reads a plugin's caches without writing, matching rows to assets by path and content", async () => {
    const lib = testLibrary()
    const asset = (await lib.catalog.repos.media.get((await importAndWait(lib, [fixtures.mp4])).items[0]!.asset!.id))!
    const file = pluginFolder(tempDir(), (db) => {
      const analysis = db.prepare(
        'INSERT INTO analysis_jobs (file_path, file_hash, config_hash, ranges, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      analysis.run(asset.filePath, asset.fileHash, 'sha256:01', '[{"start":0,"end":1,"label":"shot"}]', 30)
      analysis.run('/elsewhere/copy.mp4', asset.fileHash, 'sha256:01', '[]', 20)
      analysis.run(asset.filePath, OTHER, 'sha256:02', '[]', 10)
      db.prepare(
        `INSERT INTO processing_jobs (job_id, action, input_path, input_hash, output_path, output_hash, created_at)
         VALUES ('p1', 'convert', ?, ?, '/out/x.mp4', ?, 5)`,
      ).run(asset.filePath, asset.fileHash, OTHER)
    })
    const before = readFileSync(file)
    const caches = await call<ExternalCaches>(lib, 'caches:open', { path: file })
    expect(caches.analyses.map((row) => [row.filePath, row.assetId, row.sameContentAssetId])).toEqual([
      [asset.filePath, asset.id, asset.id],
      ['/elsewhere/copy.mp4', null, asset.id],
      // At the asset's path, but made from other content: no match.
      [asset.filePath, null, null],
    ])
    expect(caches.analyses[0]!.ranges).toEqual([{ start: 0, end: 1, label: 'shot' }])
    expect(caches.processing).toEqual([
      expect.objectContaining({
        jobId: 'p1',
        input: { assetId: asset.id, sameContentAssetId: asset.id },
        output: { assetId: null, sameContentAssetId: null },
      }),
    ])
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(caches.truncated).toEqual({ analyses: false, processing: false })
  })

  it('reads the newest 5,000 rows of a table and says when it held more', async () => {
    const lib = testLibrary()
    const file = pluginFolder(tempDir(), (db) => {
      const analysis = db.prepare(
        'INSERT INTO analysis_jobs (file_path, file_hash, config_hash, created_at) VALUES (?, ?, ?, ?)',
      )
      const job = db.prepare(
        `INSERT INTO processing_jobs (job_id, action, input_path, input_hash, output_path, output_hash, created_at)
         VALUES (?, 'convert', ?, ?, '/out/x.mp4', ?, ?)`,
      )
      db.transaction(() => {
        // One more analysis than is read; exactly as many processing rows as are read.
        for (let i = 0; i <= 5_000; i += 1) analysis.run(`/media/${i}.mp4`, OTHER, 'sha256:01', i)
        for (let i = 0; i < 5_000; i += 1) job.run(`p${i}`, `/media/${i}.mp4`, OTHER, OTHER, i)
      })()
    })
    const caches = await call<ExternalCaches>(lib, 'caches:open', { path: file })
    expect(caches.truncated).toEqual({ analyses: true, processing: false })
    expect(caches.analyses).toHaveLength(5_000)
    expect(caches.processing).toHaveLength(5_000)
    // The oldest analysis is the one left out.
    expect(caches.analyses.at(-1)!.filePath).toBe('/media/1.mp4')
  })

  it('refuses a path outside the gate, a missing file, a file that is no database, one without the tables', async () => {
    const allowed = tempDir()
    const lib = testLibrary(tempDir(), { allowedPaths: [allowed] })
    const outside = pluginFolder(tempDir(), () => {})
    await expect(call(lib, 'caches:open', { path: outside })).rejects.toThrow(
      /forbidden Cannot open .*outside the folders this host may import from/,
    )
    await expect(call(lib, 'caches:open', { path: path.join(allowed, 'none.db') })).rejects.toThrow(/not_found/)
    const text = path.join(allowed, 'notes.db')
    writeFileSync(text, 'plain text, not SQLite '.repeat(100))
    await expect(call(lib, 'caches:open', { path: text })).rejects.toThrow(/not a SQLite database/)
    await expect(call(lib, 'caches:open', { path: allowed })).rejects.toThrow(/is a folder, not a database file/)
    await expect(call(lib, 'caches:open', { path: path.join(allowed, 'no folder', 'x.db') })).rejects.toThrow(
      /not_found/,
    )
    const empty = path.join(allowed, 'empty.db')
    new Database(empty).exec('CREATE TABLE other (x)')
    await expect(call(lib, 'caches:open', { path: empty })).rejects.toThrow(/no analysis_jobs or processing_jobs/)
  })
})
