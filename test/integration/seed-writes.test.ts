import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { copyFileSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Execution, Generation, MediaAsset, Workflow } from '../../shared/contract'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { contentMatchSql } from '../../main/db/repos/media'
import type { LocalLibrary } from '../../main/services/library-context'
import { call } from '../helpers/browse'
import { runHealthJob } from '../helpers/health'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { runMediaManager, type MediaManagerCall } from '../helpers/media-manager'
import { OLD_ASSET, OLDEST_LIBRARY_VERSION, oldestLibrary } from '../helpers/old-library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

// The original media manager's own code (../shared/interop/media_manager.py, unmodified) run by python3 on the
// library's database while Framevault has it open, as a pipeline beside the app would.
const seed = (lib: LocalLibrary, calls: MediaManagerCall[]) => runMediaManager(path.join(lib.dir, 'library.db'), calls)

/** A copy of the mp4 fixture outside the library (the seed's add_video hashes the file and stores its path). */
function clip(): { file: string; bytes: Buffer } {
  const file = path.join(tempDir(), 'clip.mp4')
  copyFileSync(fixtures.mp4, file)
  return { file, bytes: readFileSync(file) }
}

const addVideo = (id: string, { file, bytes }: ReturnType<typeof clip>): MediaManagerCall => [
  'add_video',
  { video_id: id, name: 'clip.mp4', file_path: file, size_bytes: bytes.length, source_type: 'uploaded' },
]

/** The indexes of `videos` on file_hash alone, read on a connection of its own. */
function hashIndexes(dir: string): string[] {
  const db = new Database(path.join(dir, 'library.db'), { readonly: true })
  try {
    return db
      .prepare<[], string>(
        `SELECT i.name FROM pragma_index_list('videos') i
         WHERE (SELECT group_concat(name) FROM pragma_index_info(i.name)) = 'file_hash' ORDER BY 1`,
      )
      .pluck()
      .all()
  } finally {
    db.close()
  }
}

const sourceType = (lib: LocalLibrary, id: string) =>
  lib.sqlite.db.prepare<[string], string>('SELECT source_type FROM videos WHERE id = ?').pluck().get(id)

describe.each<[string, () => LocalLibrary]>([
  ['a new library', () => testLibrary()],
  [`a library from version ${OLDEST_LIBRARY_VERSION}, migrated`, () => testLibrary(oldestLibrary())],
])("the original media manager's methods on %s", (_name, library) => {
  it('write videos, generation details, workflows and runs that Framevault reads back', async () => {
    const lib = library()
    const { file, bytes } = clip()
    const returned = await seed(lib, [
      addVideo('seed-video-1', { file, bytes }),
      [
        'add_generation_details',
        {
          video_id: 'seed-video-1',
          provider: 'runway',
          prompt: 'a lighthouse',
          model: 'gen-3',
          generation_params: { seed: 42, steps: 20 },
          job_id: 'job-9',
          status: 'failed',
          error: 'out of credits',
          started_at: '2026-03-01T10:00:00',
          completed_at: '2026-03-01T10:05:00',
        },
      ],
      ['create_workflow', { workflow_id: 'wf-seed', name: 'Lighthouse', definition: { nodes: [], connections: [] } }],
      ['create_workflow_execution', { execution_id: 'exec-seed', workflow_id: 'wf-seed' }],
      // The seed's update_workflow_execution: the execution's status, data and (when it ends) completion time.
      ['update_workflow_execution', { execution_id: 'exec-seed', status: 'completed', execution_data: { frames: 48 } }],
      [
        'associate_video_with_workflow',
        { workflow_id: 'wf-seed', video_id: 'seed-video-1', node_id: 'save', node_type: 'SaveVideo' },
      ],
      ['get_video', { video_id: 'seed-video-1' }],
    ])
    const hex = createHash('sha256').update(bytes).digest('hex')
    expect(returned[0]).toEqual({ video_id: 'seed-video-1', is_duplicate: false, file_path: file, file_hash: hex })
    // Its own read of what it wrote.
    expect(returned.at(-1)).toMatchObject({
      id: 'seed-video-1',
      generation: { started_at: '2026-03-01T10:00:00', error: 'out of credits', generation_params: { seed: 42 } },
    })

    const { repos } = lib.catalog
    expect(await repos.media.get('seed-video-1')).toMatchObject({
      fileHash: `sha256:${hex}`,
      sizeBytes: bytes.length,
      // Details arriving for an uploaded asset make it generated, whoever writes them.
      sourceType: 'generated',
    })
    expect(await repos.generation.get('seed-video-1')).toMatchObject({
      provider: 'runway',
      model: 'gen-3',
      prompt: 'a lighthouse',
      generationParams: '{"seed": 42, "steps": 20}',
      jobId: 'job-9',
      status: 'failed',
      error: 'out of credits',
      startedAt: '2026-03-01T10:00:00',
      completedAt: '2026-03-01T10:05:00',
    })
    expect(await repos.workflows.get('wf-seed')).toMatchObject({ name: 'Lighthouse', format: 'native' })
    const run = await repos.workflowExecutions.get('exec-seed')
    expect(run).toMatchObject({ workflowId: 'wf-seed', status: 'completed', executionData: '{"frames": 48}' })
    expect(run?.startedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(run?.completedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/)
    expect(await repos.workflowVideos.ofAsset('seed-video-1')).toMatchObject([
      { workflowId: 'wf-seed', nodeId: 'save', nodeType: 'SaveVideo', role: 'output' },
    ])

    // And through the channels the app shows them with.
    const { generation } = await call<{ generation: Generation }>(lib, 'generation:get', { id: 'seed-video-1' })
    expect(generation).toMatchObject({
      prompt: 'a lighthouse',
      startedAt: '2026-03-01T10:00:00',
      error: 'out of credits',
    })
    const { workflow } = await call<{ workflow: Workflow }>(lib, 'workflows:get', { id: 'wf-seed' })
    expect(workflow).toMatchObject({ format: 'native', name: 'Lighthouse' })
    const { execution } = await call<{ execution: Execution }>(lib, 'executions:get', { id: 'exec-seed' })
    expect(execution).toMatchObject({ status: 'completed', executionData: { frames: 48 } })

    // Framevault's own queued run names started_at, so the seed's default never reaches it.
    const queued = await call<{ execution: Execution }>(lib, 'executions:create', {
      workflowId: 'wf-seed',
      status: 'queued',
    })
    expect(queued.execution.startedAt).toBeNull()
  })

  it("reads what Framevault wrote: an import's generation details through get_video", async () => {
    const lib = library()
    const { items } = await importAndWait(lib, [fixtures.genComfyPng])
    const id = items[0]!.asset!.id
    const stored = (await lib.catalog.repos.generation.get(id))!
    const [video] = await seed(lib, [['get_video', { video_id: id }]])
    expect(video).toMatchObject({
      id,
      source_type: 'generated',
      generation: { prompt: stored.prompt, model: stored.model, status: 'completed', started_at: null },
    })
  })

  it('store a bare-hex file_hash that Framevault reads as SHA-256: verify is ok, an import is its duplicate', async () => {
    const lib = library()
    const { bytes, file } = clip()
    await seed(lib, [addVideo('seed-video-2', { bytes, file })])
    const hex = createHash('sha256').update(bytes).digest('hex')

    const asset = await call<MediaAsset>(lib, 'media:get', { id: 'seed-video-2' })
    expect(asset.fileHash).toBe(`sha256:${hex}`)
    const { job, items } = await runHealthJob(lib, 'health:verify', { ids: ['seed-video-2'] })
    expect(job.counts).toMatchObject({ ok: 1, changed: 0, missing: 0, failed: 0 })
    expect(items).toEqual([])
    expect(await lib.catalog.repos.media.get('seed-video-2')).toMatchObject({
      health: null,
      verifiedAt: expect.any(String),
    })

    expect(hashIndexes(lib.dir)).toEqual(['idx_videos_hash'])

    const again = await importAndWait(lib, [fixtures.mp4])
    expect(again.items[0]).toMatchObject({ outcome: 'duplicate', asset: { id: 'seed-video-2' } })
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM videos WHERE id <> ?').pluck().get(OLD_ASSET.id)).toBe(1)
    // Every new file's import asks this: both forms through the index, never a scan. The seed's first connection
    // (CREATE INDEX IF NOT EXISTS idx_videos_hash) found that index there and added no second one.
    const plan = lib.sqlite.db
      .prepare(`EXPLAIN QUERY PLAN ${contentMatchSql('sqlite')}`)
      .all('a', 'b', 'a', 'b', 's', 's') as {
      detail: string
    }[]
    const details = plan.map((row) => row.detail).join('\n')
    expect(details).toMatch(/SEARCH videos USING INDEX idx_videos_hash \(file_hash=\?\)/)
    expect(details).not.toMatch(/SCAN videos/)
  })
})

describe(`the original media manager on a library from version ${OLDEST_LIBRARY_VERSION}`, () => {
  it('adds generation details to an asset the old library held, which becomes generated', async () => {
    const lib = testLibrary(oldestLibrary())
    await seed(lib, [
      [
        'add_generation_details',
        { video_id: OLD_ASSET.id, provider: 'pika', prompt: 'a harbour', status: 'completed' },
      ],
    ])
    expect(await lib.catalog.repos.generation.get(OLD_ASSET.id)).toMatchObject({
      provider: 'pika',
      prompt: 'a harbour',
      startedAt: null,
    })
    expect(sourceType(lib, OLD_ASSET.id)).toBe('generated')
  })
})

describe('migration 0580', () => {
  it("keeps one content-hash index in a library the original manager opened before it, under the manager's name", async () => {
    const dir = tempDir()
    const { db } = openDatabase(
      path.join(dir, 'library.db'),
      migrations.filter((m) => m.version < 580),
    )
    db.close()
    await runMediaManager(path.join(dir, 'library.db'), [])
    expect(hashIndexes(dir)).toEqual(['idx_videos_hash', 'videos_file_hash'])
    testLibrary(dir)
    expect(hashIndexes(dir)).toEqual(['idx_videos_hash'])
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
