import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'
import { valuesRows } from '../sql/values-rows'

type JsonObject = Record<string, unknown>

/** A `checkpoints` row; the root has neither parent nor stage. */
export interface CheckpointRow {
  id: number
  timelineId: number
  parentId: number | null
  runId: string | null
  stage: string | null
  stats: JsonObject
  configOverrides: JsonObject
  cached: boolean
  isScenario: boolean
  scenarioLabel: string | null
  pinned: boolean
  createdAt: string
}

/** A cached stage output under its cache key; `bytes` is the size of its JSON text. */
export interface StageOutputRow {
  key: string
  stage: string
  version: number
  contentHash: string
  configHash: string
  inputKeys: string[]
  output: unknown
  bytes: number
  createdAt: string
}

// JSON columns are text in a library and jsonb on a hub: both are read as text and parsed here, nowhere else.
type Stored<Row, JsonFields extends keyof Row> = Omit<Row, JsonFields> & Record<JsonFields, string>
type StoredCheckpoint = Omit<Stored<CheckpointRow, 'stats' | 'configOverrides'>, 'cached' | 'isScenario' | 'pinned'> &
  Record<'cached' | 'isScenario' | 'pinned', number>
type StoredOutput = Stored<StageOutputRow, 'inputKeys' | 'output'>

const COLUMNS = `id, timeline_id AS "timelineId", parent_id AS "parentId", run_id AS "runId", stage,
  CAST(stats AS text) AS stats, CAST(config_overrides AS text) AS "configOverrides", cached,
  is_scenario AS "isScenario", scenario_label AS "scenarioLabel", pinned, created_at AS "createdAt"`
const OUTPUT_COLUMNS = `key, stage, version, content_hash AS "contentHash", config_hash AS "configHash",
  CAST(input_keys AS text) AS "inputKeys", CAST(output AS text) AS output, bytes, created_at AS "createdAt"`

const asRow = (stored: StoredCheckpoint): CheckpointRow => ({
  ...stored,
  stats: JSON.parse(stored.stats) as JsonObject,
  configOverrides: JSON.parse(stored.configOverrides) as JsonObject,
  cached: stored.cached === 1,
  isScenario: stored.isScenario === 1,
  pinned: stored.pinned === 1,
})
const asOutput = (stored: StoredOutput): StageOutputRow => ({
  ...stored,
  inputKeys: JSON.parse(stored.inputKeys) as string[],
  output: JSON.parse(stored.output),
})

/** Output key rows in their stages' code-unit order on both engines (a hub's collation may order text otherwise). */
const inStageOrder = <Row extends { stage: string }>(rows: Row[]): Row[] =>
  rows.sort((a, b) => (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0))

/** A new checkpoint: its row and the output key of every stage it carries. */
export type NewCheckpoint = Omit<CheckpointRow, 'id' | 'isScenario' | 'scenarioLabel' | 'pinned'> & {
  outputKeys: Record<string, string>
}

/** Checkpoints, the stage outputs they carry and the outputs' cache (a library's migration 0320, a hub's 0080). */
export function createCheckpointsRepo(sql: SqlEngine) {
  const select = (where: string) => `SELECT ${COLUMNS} FROM checkpoints WHERE ${where}`
  const one = async (where: string, id: number) => {
    const stored = await sql.get<StoredCheckpoint>(select(where), [id])
    return stored && asRow(stored)
  }
  return {
    get: (id: number): Promise<CheckpointRow | undefined> => one('id = ?', id),
    /** Every checkpoint of a timeline, oldest first (parents before their children). */
    ofTimeline: async (timelineId: number): Promise<CheckpointRow[]> =>
      (await sql.all<StoredCheckpoint>(select('timeline_id = ? ORDER BY id'), [timelineId])).map(asRow),
    /** The checkpoint a run saved of `stage` under `parentId`, if it did (a stage run again finds its own). */
    async ofRunStage(parentId: number, runId: string, stage: string): Promise<CheckpointRow | undefined> {
      const stored = await sql.get<StoredCheckpoint>(
        select('parent_id = ? AND run_id = ? AND stage = ? ORDER BY id LIMIT 1'),
        [parentId, runId, stage],
      )
      return stored && asRow(stored)
    },
    root: (timelineId: number): Promise<CheckpointRow | undefined> =>
      one('timeline_id = ? AND parent_id IS NULL ORDER BY id LIMIT 1', timelineId),
    /** Stores a checkpoint with the output key of each stage it carries, in one transaction; returns its id. */
    insert: ({ outputKeys, ...row }: NewCheckpoint): Promise<number> =>
      sql.transaction(async (tx) => {
        const created = await tx.get<{ id: number }>(
          `INSERT INTO checkpoints (timeline_id, parent_id, run_id, stage, stats, config_overrides, cached, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [
            row.timelineId,
            row.parentId,
            row.runId,
            row.stage,
            JSON.stringify(row.stats),
            JSON.stringify(row.configOverrides),
            row.cached ? 1 : 0,
            row.createdAt,
          ],
        )
        const id = created!.id
        const stages = Object.entries(outputKeys)
        if (stages.length > 0) {
          const { values, params } = valuesRows(stages.map(([stage, key]) => [id, stage, key]))
          await tx.run(`INSERT INTO checkpoint_outputs (checkpoint_id, stage, output_key) VALUES ${values}`, params)
        }
        return id
      }),
    /** Stage → output key of a checkpoint. */
    outputKeys: async (id: number): Promise<Record<string, string>> => {
      const rows = await sql.all<{ stage: string; outputKey: string }>(
        'SELECT stage, output_key AS "outputKey" FROM checkpoint_outputs WHERE checkpoint_id = ?',
        [id],
      )
      return Object.fromEntries(inStageOrder(rows).map(({ stage, outputKey }) => [stage, outputKey]))
    },
    /** Checkpoint id → (stage → output key) for every checkpoint of a timeline, in one query. */
    async timelineOutputKeys(timelineId: number): Promise<Map<number, Record<string, string>>> {
      const rows = await sql.all<{ checkpointId: number; stage: string; outputKey: string }>(
        `SELECT co.checkpoint_id AS "checkpointId", co.stage, co.output_key AS "outputKey"
         FROM checkpoints c JOIN checkpoint_outputs co ON co.checkpoint_id = c.id WHERE c.timeline_id = ?`,
        [timelineId],
      )
      const keys = new Map<number, Record<string, string>>()
      for (const { checkpointId, stage, outputKey } of inStageOrder(rows)) {
        const ofCheckpoint = keys.get(checkpointId) ?? keys.set(checkpointId, {}).get(checkpointId)!
        ofCheckpoint[stage] = outputKey
      }
      return keys
    },
    setScenario: async (id: number, label: string | null): Promise<boolean> =>
      (
        await sql.run('UPDATE checkpoints SET is_scenario = ?, scenario_label = ? WHERE id = ?', [
          label === null ? 0 : 1,
          label,
          id,
        ])
      ).changes > 0,
    setPinned: async (id: number, pinned: boolean): Promise<boolean> =>
      (await sql.run('UPDATE checkpoints SET pinned = ? WHERE id = ?', [pinned ? 1 : 0, id])).changes > 0,
    /**
     * Deletes checkpoints in one transaction, deepest first, then the outputs none carries any more; answers how
     * many went. Give whole branches (every descendant of each id), or batches of one from its deepest end.
     */
    deleteLeavesFirst: (ids: readonly number[]): Promise<number> =>
      sql.transaction(async (tx) => {
        // Only the outputs these checkpoints carried can have become unused: each is looked up by its key, not by
        // a scan of every output (a prune of 20,000 goes in 40 batches).
        const carried = await tx.all<{ key: string }>(
          `SELECT DISTINCT output_key AS key FROM checkpoint_outputs
           WHERE checkpoint_id IN (SELECT CAST(value AS bigint) FROM ${jsonValues(tx.dialect)})`,
          [JSON.stringify(ids)],
        )
        // One statement a checkpoint, children before parents (a child's id is above its parent's): no delete
        // cascades down a branch, whose depth would otherwise be SQLite's trigger recursion (1,000 levels at most).
        let gone = 0
        for (const id of [...ids].sort((a, b) => b - a)) {
          gone += (await tx.run('DELETE FROM checkpoints WHERE id = ?', [id])).changes
        }
        await tx.run(
          `DELETE FROM stage_outputs WHERE key IN (SELECT value FROM ${jsonValues(tx.dialect)})
           AND NOT EXISTS (SELECT 1 FROM checkpoint_outputs c WHERE c.output_key = stage_outputs.key)`,
          [JSON.stringify(carried.map((row) => row.key))],
        )
        return gone
      }),
    output: async (key: string): Promise<StageOutputRow | undefined> => {
      const stored = await sql.get<StoredOutput>(`SELECT ${OUTPUT_COLUMNS} FROM stage_outputs WHERE key = ?`, [key])
      return stored && asOutput(stored)
    },
    /** Whether an output is cached under this key (without reading it). */
    hasOutput: async (key: string): Promise<boolean> =>
      (await sql.get('SELECT 1 AS held FROM stage_outputs WHERE key = ?', [key])) !== undefined,
    /**
     * Caches an output under its key, with the size of its JSON text; an output already there stays (the same key
     * means the same output).
     */
    async putOutput(row: Omit<StageOutputRow, 'bytes'>): Promise<void> {
      const text = JSON.stringify(row.output)
      await sql.run(
        `INSERT INTO stage_outputs (key, stage, version, content_hash, config_hash, input_keys, output, bytes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
        [
          row.key,
          row.stage,
          row.version,
          row.contentHash,
          row.configHash,
          JSON.stringify(row.inputKeys),
          text,
          Buffer.byteLength(text),
          row.createdAt,
        ],
      )
    },
    /** The bytes of the outputs a timeline's checkpoints carry. */
    outputBytes: async (timelineId: number): Promise<number> =>
      (await sql.get<{ bytes: number }>(
        `SELECT CAST(coalesce(sum(o.bytes), 0) AS bigint) AS bytes FROM stage_outputs o
         WHERE o.key IN (SELECT co.output_key FROM checkpoint_outputs co JOIN checkpoints c ON c.id = co.checkpoint_id
                         WHERE c.timeline_id = ?)`,
        [timelineId],
      ))!.bytes,
  }
}
export type CheckpointsRepo = ReturnType<typeof createCheckpointsRepo>
