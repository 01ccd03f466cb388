import Database from 'better-sqlite3'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { openLibrary } from '../../main/app/open-library'
import { cli, jsonLines } from '../helpers/cli'
import { importAndWait } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

describe('the analysis commands', () => {
  it('config-hash prints the hash Python plugins compute, without a library', async () => {
    const config = '{"threshold":0.4,"min_duration":2,"labels":["shot","cut"],"nested":{"b":true,"a":null}}'
    const { code, stdout } = await cli(['config-hash', config], { env: { FRAMEVAULT_LIBRARY: '/nonexistent/lib' } })
    expect(code).toBe(0)
    expect(jsonLines(stdout)).toEqual(['sha256:963e130f0e4544d19864013f841444cbbfdccfc195570f66adc98a34f2533bab'])
    // python3: json.dumps(json.loads(text), sort_keys=True, separators=(',', ':')), SHA-256 (issue 18's three).
    const floats = await cli(['config-hash', '{"fps":1.0,"z":-0.0,"seed":18446744073709551615}'])
    expect(jsonLines(floats.stdout)).toEqual([
      'sha256:e3c66f39b8556298b085f829917294c764a5719daed9ef00bbcc3517e9b9113d',
    ])
    const bad = await cli(['config-hash', '{nope'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/not JSON/)
  })

  it('analyze and process run on an asset by path or id, then answer from the cache; cache ls lists it', async () => {
    const dir = tempDir()
    const lib = openLibrary(dir)
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const assetId = items[0]!.asset!.id
    await lib.close()

    const first = await cli(['analyze', 'loudness', fixtures.mp4, '--library', dir])
    expect(first.code).toBe(0)
    const [ran] = jsonLines<{ cached: boolean; analysis: { ranges: unknown[]; metadata: { analyzer: string } } }>(
      first.stdout,
    )
    expect(ran).toMatchObject({ cached: false, analysis: { metadata: { analyzer: 'loudness' } } })
    const second = await cli(['analyze', 'loudness', assetId, '--library', dir])
    expect(jsonLines(second.stdout)).toEqual([{ ...ran, cached: true, matchedBy: 'path' }])

    const listed = await cli(['cache', 'ls', '--library', dir])
    expect(jsonLines<{ table: string; configHash: string }>(listed.stdout)).toEqual([
      expect.objectContaining({ table: 'analysis_jobs', configHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }),
    ])
    const processed = await cli(['process', 'proxy', assetId, '--config', '{"height":144}', '--library', dir])
    expect(processed.code).toBe(0)
    const [made] = jsonLines<{ cached: boolean; outputAssetId: string; run: { action: string } }>(processed.stdout)
    expect(made).toMatchObject({ cached: false, run: { action: 'proxy' } })
    const again = await cli(['process', 'proxy', assetId, '--config', '{"height":144}', '--library', dir])
    expect(jsonLines(again.stdout)).toEqual([{ ...made, cached: true, matchedBy: 'path' }])
    const missing = await cli(['analyze', 'loudness', '/no/such/file.mp4', '--library', dir])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/import it first/)
  })

  it('cache ls --db reads a plugin database, an older processing table included, without changing it', async () => {
    const file = path.join(tempDir(), 'plugin.db')
    const plugin = new Database(file)
    plugin.exec(`
      CREATE TABLE processing_jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT UNIQUE NOT NULL,
        action TEXT NOT NULL, input_path TEXT NOT NULL, input_hash TEXT NOT NULL, output_path TEXT NOT NULL,
        output_hash TEXT NOT NULL, parameters JSON, metadata JSON, created_at REAL NOT NULL);
      INSERT INTO processing_jobs (job_id, action, input_path, input_hash, output_path, output_hash, created_at)
        VALUES ('p1', 'convert', '/in.mov', 'sha256:01', '/out.mp4', 'sha256:02', 1763700000.5);`)
    plugin.close()
    const { code, stdout } = await cli(['cache', 'ls', '--db', file])
    expect(code).toBe(0)
    expect(jsonLines(stdout)).toEqual([
      expect.objectContaining({ table: 'processing_jobs', jobId: 'p1', configHash: '', createdAt: 1763700000.5 }),
    ])
    const after = new Database(file, { readonly: true })
    expect(
      after.prepare("SELECT name FROM pragma_table_info('processing_jobs') WHERE name = 'config_hash'").all(),
    ).toEqual([])
    after.close()
  })
})
