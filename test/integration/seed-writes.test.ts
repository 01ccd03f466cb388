import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { copyFileSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Execution, Generation, MediaAsset, Workflow } from '../../shared/contract'
import { byContentHashSql } from '../../main/db/repos/media'
import type { LocalLibrary } from '../../main/app/library-context'
import { call } from '../helpers/browse'
import { runHealthJob } from '../helpers/health'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

/** The library's database opened as the seed's Python opens it: a plain connection, no foreign keys. */
function seedConnection(lib: LocalLibrary): Database.Database {
  const db = new Database(path.join(lib.dir, 'library.db'))
  db.pragma('busy_timeout = 5000')
  return db
}

/** A copy of the mp4 fixture added as the seed's add_video adds it (bare-hex SHA-256), on its own connection; that connection. */
function seedAddsVideo(lib: LocalLibrary, id: string): Database.Database {
  const file = path.join(tempDir(), 'clip.mp4')
  copyFileSync(fixtures.mp4, file)
  const bytes = readFileSync(file)
  const seed = seedConnection(lib)
  seed
    .prepare('INSERT INTO videos (id, name, file_path, file_hash, size_bytes, source_type) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, 'clip.mp4', file, createHash('sha256').update(bytes).digest('hex'), bytes.length, 'uploaded')
  return seed
}

const sourceType = (lib: LocalLibrary, id: string) =>
  lib.db.prepare<[string], string>('SELECT source_type FROM videos WHERE id = ?').pluck().get(id)

describe("the original media manager's writes to a Framevault library", () => {
  it('succeed for generation details, workflows and executions, and read back in Framevault', async () => {
    const lib = testLibrary()
    // The statements as the seed's add_video, add_generation_details, create_workflow and
    // create_workflow_execution issue them: its own columns only, the rest left to defaults.
    const seed = seedAddsVideo(lib, 'seed-video-1')
    seed
      .prepare(
        `INSERT INTO video_generation (video_id, provider, model, prompt, negative_prompt, seed, generation_params,
           job_id, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run('seed-video-1', 'runway', 'gen-3', 'a lighthouse', null, '42', '{}', 'job-9', 'failed', 'out of credits')
    seed
      .prepare('INSERT INTO workflows (id, name, description, definition, status) VALUES (?, ?, ?, ?, ?)')
      .run('wf-seed', 'Lighthouse', null, JSON.stringify({ nodes: [], connections: [] }), 'draft')
    seed
      .prepare('INSERT INTO workflow_executions (id, workflow_id, status, execution_data) VALUES (?, ?, ?, ?)')
      .run('exec-seed', 'wf-seed', 'running', '{}')
    seed.close()

    const { workflow } = await call<{ workflow: Workflow }>(lib, 'workflows:get', { id: 'wf-seed' })
    expect(workflow).toMatchObject({ format: 'native', name: 'Lighthouse' })
    const { execution } = await call<{ execution: Execution }>(lib, 'executions:get', { id: 'exec-seed' })
    expect(execution.startedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    const { generation } = await call<{ generation: Generation | null }>(lib, 'generation:get', { id: 'seed-video-1' })
    expect(generation).toMatchObject({ prompt: 'a lighthouse', status: 'failed' })
    expect(lib.db.prepare("SELECT error FROM video_generation WHERE video_id = 'seed-video-1'").pluck().get()).toBe(
      'out of credits',
    )
    // Details arriving for an uploaded asset make it generated, whoever writes them.
    expect(sourceType(lib, 'seed-video-1')).toBe('generated')

    // Framevault's own queued run names started_at, so the default never reaches it.
    const queued = await call<{ execution: Execution }>(lib, 'executions:create', {
      workflowId: 'wf-seed',
      status: 'queued',
    })
    expect(queued.execution.startedAt).toBeNull()
  })

  it('store a bare-hex file_hash that Framevault reads as SHA-256: verify is ok, an import is its duplicate', async () => {
    const lib = testLibrary()
    seedAddsVideo(lib, 'seed-video-2').close()
    const hex = createHash('sha256').update(readFileSync(fixtures.mp4)).digest('hex')

    const asset = await call<MediaAsset>(lib, 'media:get', { id: 'seed-video-2' })
    expect(asset.fileHash).toBe(`sha256:${hex}`)
    const { job, items } = await runHealthJob(lib, 'health:verify', { ids: ['seed-video-2'] })
    expect(job.counts).toMatchObject({ ok: 1, changed: 0, missing: 0, failed: 0 })
    expect(items).toEqual([])
    expect(await lib.catalog.repos.media.get('seed-video-2')).toMatchObject({
      health: null,
      verifiedAt: expect.any(String),
    })

    const again = await importAndWait(lib, [fixtures.mp4])
    expect(again.items[0]).toMatchObject({ outcome: 'duplicate', asset: { id: 'seed-video-2' } })
    expect(lib.db.prepare('SELECT count(*) FROM videos').pluck().get()).toBe(1)
    // Every new file's import asks this: both forms through the index, never a scan.
    const plan = lib.db.prepare(`EXPLAIN QUERY PLAN ${byContentHashSql('sqlite')}`).all('a', 'b') as {
      detail: string
    }[]
    const details = plan.map((row) => row.detail).join('\n')
    expect(details).toMatch(/SEARCH videos USING INDEX videos_file_hash \(file_hash=\?\)/)
    expect(details).not.toMatch(/SCAN videos/)
  })
})

describe("source_type 'generated'", () => {
  it('is set on an import that read generation details, not on a plain one', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.genComfyPng, fixtures.mp4])
    const [generated, plain] = items.map((item) => item.asset!.id)
    expect(await lib.catalog.repos.generation.get(generated!)).toBeDefined()
    expect(sourceType(lib, generated!)).toBe('generated')
    expect(sourceType(lib, plain!)).toBe('uploaded')
  })

  it('is set on a file a generator sends with its details', async () => {
    const lib = testLibrary()
    const sent = await call<{ assetId: string }>(lib, 'media:import-generated', {
      path: fixtures.webm,
      generation: { provider: 'my-generator', prompt: 'a lighthouse at dusk' },
    })
    expect(sourceType(lib, sent.assetId)).toBe('generated')
  })
})
