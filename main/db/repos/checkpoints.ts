import type { Database } from 'better-sqlite3'

/** A `checkpoints` row; `stats` and `configOverrides` are JSON text; the root has neither parent nor stage. */
export interface CheckpointRow {
  id: number
  timelineId: number
  parentId: number | null
  runId: string | null
  stage: string | null
  stats: string
  configOverrides: string
  cached: boolean
  isScenario: boolean
  scenarioLabel: string | null
  pinned: boolean
  createdAt: string
}

/** A cached stage output (`output` JSON text) under its cache key. */
export interface StageOutputRow {
  key: string
  stage: string
  version: number
  contentHash: string
  configHash: string
  inputKeys: string
  output: string
  bytes: number
  createdAt: string
}

type StoredCheckpoint = Omit<CheckpointRow, 'cached' | 'isScenario' | 'pinned'> & {
  cached: number
  isScenario: number
  pinned: number
}

const COLUMNS = `id, timeline_id AS timelineId, parent_id AS parentId, run_id AS runId, stage, stats,
  config_overrides AS configOverrides, cached, is_scenario AS isScenario, scenario_label AS scenarioLabel, pinned,
  created_at AS createdAt`
const OUTPUT_COLUMNS = `key, stage, version, content_hash AS contentHash, config_hash AS configHash,
  input_keys AS inputKeys, output, bytes, created_at AS createdAt`

const asRow = (stored: StoredCheckpoint): CheckpointRow => ({
  ...stored,
  cached: stored.cached === 1,
  isScenario: stored.isScenario === 1,
  pinned: stored.pinned === 1,
})

/** A new checkpoint: its row and the output key of every stage it carries. */
export type NewCheckpoint = Omit<CheckpointRow, 'id' | 'isScenario' | 'scenarioLabel' | 'pinned'> & {
  outputKeys: Record<string, string>
}

/** Checkpoints, the stage outputs they carry and the outputs' cache (migration 0320). */
export function createCheckpointsRepo(db: Database) {
  const getStmt = db.prepare<[number], StoredCheckpoint>(`SELECT ${COLUMNS} FROM checkpoints WHERE id = ?`)
  const ofTimelineStmt = db.prepare<[number], StoredCheckpoint>(
    `SELECT ${COLUMNS} FROM checkpoints WHERE timeline_id = ? ORDER BY id`,
  )
  const rootStmt = db.prepare<[number], StoredCheckpoint>(
    `SELECT ${COLUMNS} FROM checkpoints WHERE timeline_id = ? AND parent_id IS NULL ORDER BY id LIMIT 1`,
  )
  const insertStmt = db.prepare<Omit<StoredCheckpoint, 'id' | 'isScenario' | 'scenarioLabel' | 'pinned'>>(
    `INSERT INTO checkpoints (timeline_id, parent_id, run_id, stage, stats, config_overrides, cached, created_at)
     VALUES (@timelineId, @parentId, @runId, @stage, @stats, @configOverrides, @cached, @createdAt)`,
  )
  const insertOutputStmt = db.prepare<[number, string, string]>(
    'INSERT INTO checkpoint_outputs (checkpoint_id, stage, output_key) VALUES (?, ?, ?)',
  )
  const outputKeysStmt = db.prepare<[number], { stage: string; outputKey: string }>(
    'SELECT stage, output_key AS outputKey FROM checkpoint_outputs WHERE checkpoint_id = ? ORDER BY stage',
  )
  const scenarioStmt = db.prepare<[number, string | null, number]>(
    'UPDATE checkpoints SET is_scenario = ?, scenario_label = ? WHERE id = ?',
  )
  const pinStmt = db.prepare<[number, number]>('UPDATE checkpoints SET pinned = ? WHERE id = ?')
  const deleteStmt = db.prepare<[number]>('DELETE FROM checkpoints WHERE id = ?')
  const getOutputStmt = db.prepare<[string], StageOutputRow>(
    `SELECT ${OUTPUT_COLUMNS} FROM stage_outputs WHERE key = ?`,
  )
  const putOutputStmt = db.prepare<StageOutputRow>(
    `INSERT INTO stage_outputs (key, stage, version, content_hash, config_hash, input_keys, output, bytes, created_at)
     VALUES (@key, @stage, @version, @contentHash, @configHash, @inputKeys, @output, @bytes, @createdAt)
     ON CONFLICT (key) DO NOTHING`,
  )
  const timelineOutputKeysStmt = db.prepare<[number], { checkpointId: number; stage: string; outputKey: string }>(
    `SELECT co.checkpoint_id AS checkpointId, co.stage, co.output_key AS outputKey
     FROM checkpoints c JOIN checkpoint_outputs co ON co.checkpoint_id = c.id
     WHERE c.timeline_id = ? ORDER BY co.checkpoint_id, co.stage`,
  )
  const outputKeysOfStmt = db
    .prepare<[number], string>('SELECT output_key FROM checkpoint_outputs WHERE checkpoint_id = ?')
    .pluck()
  const dropIfUnusedStmt = db.prepare<[string, string]>(
    `DELETE FROM stage_outputs WHERE key = ? AND NOT EXISTS (SELECT 1 FROM checkpoint_outputs c WHERE c.output_key = ?)`,
  )
  const outputBytesStmt = db
    .prepare<[number], number>(
      `SELECT coalesce(sum(o.bytes), 0) FROM stage_outputs o
       WHERE o.key IN (SELECT co.output_key FROM checkpoint_outputs co JOIN checkpoints c ON c.id = co.checkpoint_id
                       WHERE c.timeline_id = ?)`,
    )
    .pluck()

  const insert = db.transaction((checkpoint: NewCheckpoint): number => {
    const { outputKeys, cached, ...row } = checkpoint
    const id = Number(insertStmt.run({ ...row, cached: cached ? 1 : 0 }).lastInsertRowid)
    for (const [stage, key] of Object.entries(outputKeys)) insertOutputStmt.run(id, stage, key)
    return id
  })
  // Children before parents (a child's id is above its parent's): no delete cascades down a branch, whose depth
  // would otherwise be SQLite's trigger recursion (1,000 levels at most).
  const deleteLeavesFirst = db.transaction((ids: readonly number[]): number => {
    // Only the outputs these checkpoints carried can have become unused: each is looked up by its key, not by a
    // scan of every output (a prune of 20,000 goes in 40 batches).
    const keys = new Set(ids.flatMap((id) => outputKeysOfStmt.all(id)))
    const gone = [...ids].sort((a, b) => b - a).reduce((count, id) => count + deleteStmt.run(id).changes, 0)
    for (const key of keys) dropIfUnusedStmt.run(key, key)
    return gone
  })

  return {
    get: (id: number): CheckpointRow | undefined => {
      const stored = getStmt.get(id)
      return stored && asRow(stored)
    },
    /** Every checkpoint of a timeline, oldest first (parents before their children). */
    ofTimeline: (timelineId: number): CheckpointRow[] => ofTimelineStmt.all(timelineId).map(asRow),
    root: (timelineId: number): CheckpointRow | undefined => {
      const stored = rootStmt.get(timelineId)
      return stored && asRow(stored)
    },
    /** Stores a checkpoint with the output key of each stage it carries, in one transaction; returns its id. */
    insert: (checkpoint: NewCheckpoint): number => insert(checkpoint),
    /** Stage → output key of a checkpoint. */
    outputKeys: (id: number): Record<string, string> =>
      Object.fromEntries(outputKeysStmt.all(id).map(({ stage, outputKey }) => [stage, outputKey])),
    /** Checkpoint id → (stage → output key) for every checkpoint of a timeline, in one query. */
    timelineOutputKeys(timelineId: number): Map<number, Record<string, string>> {
      const keys = new Map<number, Record<string, string>>()
      for (const { checkpointId, stage, outputKey } of timelineOutputKeysStmt.all(timelineId)) {
        const ofCheckpoint = keys.get(checkpointId) ?? keys.set(checkpointId, {}).get(checkpointId)!
        ofCheckpoint[stage] = outputKey
      }
      return keys
    },
    setScenario: (id: number, label: string | null): boolean =>
      scenarioStmt.run(label === null ? 0 : 1, label, id).changes > 0,
    setPinned: (id: number, pinned: boolean): boolean => pinStmt.run(pinned ? 1 : 0, id).changes > 0,
    /**
     * Deletes checkpoints in one transaction, deepest first, then the outputs none carries any more; answers how
     * many went. Give whole branches (every descendant of each id), or batches of one from its deepest end.
     */
    deleteLeavesFirst: (ids: readonly number[]): number => deleteLeavesFirst(ids),
    output: (key: string): StageOutputRow | undefined => getOutputStmt.get(key),
    /** Caches an output under its key; an output already there stays (the same key means the same output). */
    putOutput: (row: StageOutputRow): void => void putOutputStmt.run(row),
    /** The bytes of the outputs a timeline's checkpoints carry. */
    outputBytes: (timelineId: number): number => outputBytesStmt.get(timelineId) ?? 0,
  }
}
export type CheckpointsRepo = ReturnType<typeof createCheckpointsRepo>
