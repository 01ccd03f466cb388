import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { call } from '../helpers/browse'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Migration 0400: libraries that made one workflow per file of API prompts (issue 37 point 3) get them merged by shape.

/**
 * A library at schema 390: three content-keyed workflows of shape S (two from files of the same definition), one of
 * shape T, and a ComfyUI workflow (an id of its own) of shape S; each with a run and an output asset.
 */
function libraryOfOnePerFile(): string {
  const dir = tempDir()
  const { db } = openDatabase(
    path.join(dir, 'library.db'),
    migrations.filter((migration) => migration.version <= 390),
    {},
  )
  const workflow = db.prepare(
    `INSERT INTO workflows (id, name, definition, format, definition_hash, created_at, updated_at, last_executed_at)
     VALUES (?, ?, ?, 'comfyui-api', ?, ?, ?, ?)`,
  )
  const version = db.prepare(
    `INSERT INTO workflow_versions (workflow_id, ordinal, shape_hash, created_at) VALUES (?, 1, ?, '2026-11-01')`,
  )
  const definition = db.prepare(
    `INSERT INTO workflow_definitions (workflow_id, version_id, hash, format, definition, created_at)
     VALUES (?, ?, ?, 'comfyui-api', ?, '2026-11-01')`,
  )
  const asset = db.prepare(`INSERT INTO videos (id, name, file_path) VALUES (?, ?, ?)`)
  const run = db.prepare(
    `INSERT INTO workflow_executions (id, workflow_id, status, definition_id) VALUES (?, ?, 'completed', ?)`,
  )
  const output = db.prepare(
    `INSERT INTO workflow_videos (workflow_id, video_id, node_id, execution_id, definition_id) VALUES (?, ?, '9', ?, ?)`,
  )
  const made: Array<[string, string, string, string]> = [
    // id, shape, definition hash, updated (the newest definition is what the merged workflow shows)
    ['sha256:a', 'S', 'd1', '2026-11-01'],
    ['sha256:b', 'S', 'd2', '2026-11-03'],
    ['sha256:c', 'S', 'd1', '2026-11-02'],
    ['sha256:t', 'T', 'd3', '2026-11-01'],
    ['comfy-uuid', 'S', 'd4', '2026-11-01'],
  ]
  for (const [id, shape, hash, updated] of made) {
    workflow.run(id, `Workflow ${id}`, `{"def":"${hash}"}`, hash, '2026-11-01', updated, updated)
    const versionId = version.run(id, shape).lastInsertRowid
    const definitionId = definition.run(id, versionId, hash, `{"def":"${hash}"}`).lastInsertRowid
    asset.run(`v-${id}`, `${id}.png`, `/x/${id}.png`)
    run.run(`e-${id}`, id, definitionId)
    output.run(id, `v-${id}`, `e-${id}`, definitionId)
  }
  // The same asset was on b's node too: one association stays.
  output.run('sha256:b', 'v-sha256:a', 'e-sha256:b', null)
  db.close()
  return dir
}

describe('migration 0400: content-keyed workflows merged by shape', () => {
  it('merges the one-version workflows of a shape into the first, with their runs, assets and definitions', async () => {
    const lib = testLibrary(libraryOfOnePerFile())
    const ids = lib.sqlite.db.prepare('SELECT id FROM workflows ORDER BY id').pluck().all()
    expect(ids).toEqual(['comfy-uuid', 'sha256:a', 'sha256:t'])
    const rows = (sql: string) => lib.sqlite.db.prepare(sql).all()
    expect(rows(`SELECT id, workflow_id FROM workflow_executions ORDER BY id`)).toEqual([
      { id: 'e-comfy-uuid', workflow_id: 'comfy-uuid' },
      { id: 'e-sha256:a', workflow_id: 'sha256:a' },
      { id: 'e-sha256:b', workflow_id: 'sha256:a' },
      { id: 'e-sha256:c', workflow_id: 'sha256:a' },
      { id: 'e-sha256:t', workflow_id: 'sha256:t' },
    ])
    // c's definition was a's (same hash): one copy, and c's run and asset point at it.
    const definitions = rows(
      `SELECT d.hash, v.ordinal FROM workflow_definitions d JOIN workflow_versions v ON v.id = d.version_id
       WHERE d.workflow_id = 'sha256:a' ORDER BY d.hash`,
    )
    expect(definitions).toEqual([
      { hash: 'd1', ordinal: 1 },
      { hash: 'd2', ordinal: 1 },
    ])
    expect(
      rows(`SELECT e.id, d.hash FROM workflow_executions e JOIN workflow_definitions d ON d.id = e.definition_id
            WHERE e.workflow_id = 'sha256:a' ORDER BY e.id`),
    ).toEqual([
      { id: 'e-sha256:a', hash: 'd1' },
      { id: 'e-sha256:b', hash: 'd2' },
      { id: 'e-sha256:c', hash: 'd1' },
    ])
    expect(rows(`SELECT video_id FROM workflow_videos WHERE workflow_id = 'sha256:a' ORDER BY video_id`)).toEqual([
      { video_id: 'v-sha256:a' },
      { video_id: 'v-sha256:b' },
      { video_id: 'v-sha256:c' },
    ])
    // The list: the merged workflow with its three runs and its newest definition; nothing left dangling.
    const { items } = await call<{ items: Array<{ id: string; executions: number; definitionHash: string }> }>(
      lib,
      'workflows:list',
      { limit: 10, offset: 0 },
    )
    expect(items.find((item) => item.id === 'sha256:a')).toMatchObject({ executions: 3, definitionHash: 'd2' })
    expect(lib.sqlite.db.pragma('foreign_key_check')).toEqual([])
    // The shape lookup of every import uses its index.
    const plan = lib.sqlite.db
      .prepare("EXPLAIN QUERY PLAN SELECT workflow_id FROM workflow_versions WHERE shape_hash = 'S'")
      .all() as Array<{ detail: string }>
    expect(plan.map((step) => step.detail).join(' ')).toContain('workflow_versions_shape')
  })
})
