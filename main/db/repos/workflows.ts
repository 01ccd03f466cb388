import type { WorkflowFormat, WorkflowStats, WorkflowStatus, WorkflowSummary } from '../../../shared/contract'
import type { NameOrigin } from '../../../shared/workflow-graph/workflow-name'
import { jsonValues } from '../sql/dialect'
import type { SqlDialect, SqlEngine } from '../sql/sql-engine'
import { visibleMembers } from './visible-members'

/** A `workflows` row as the service writes it. */
export interface WorkflowRow {
  id: string
  name: string
  description: string | null
  status: WorkflowStatus
  definition: string
  format: WorkflowFormat
  definitionHash: string
  source: string | null
  createdAt: string
  updatedAt: string
  /** Where the name came from (migration 0270); null when unknown: written before, or by another tool. */
  nameOrigin: NameOrigin | null
}

/** What a workflow list filters on: JSON lists of statuses and formats, a LIKE pattern, the words a prompt holds. */
export interface WorkflowListParams {
  statuses: string | null
  formats: string | null
  namePattern: string | null
  /** Matched as word prefixes in the prompts of the workflow's assets; null or empty: no prompt match. */
  promptWords: readonly string[] | null
  /** The caller's visibility: workflows with an asset among these collections' members (JSON ids); null: all. */
  visibleIn: string | null
  limit: number
  offset: number
}

/** A list row: `recorded` is the newest output's seed and prompt, null when no output records either. */
export type WorkflowListRow = WorkflowSummary & {
  posterAsset: string | null
  recorded: { seed: string | null; prompt: string | null } | null
}

const SUMMARY = `w.id, w.name, w.description, w.status, w.format, w.definition_hash AS "definitionHash", w.source,
  w.created_at AS "createdAt", w.updated_at AS "updatedAt", w.last_executed_at AS "lastExecutedAt",
  (SELECT count(*) FROM workflow_executions e WHERE e.workflow_id = w.id) AS executions,
  (SELECT count(*) FROM workflow_videos o WHERE o.workflow_id = w.id AND o.role = 'output') AS outputs`

// Outputs newest first by import time (a run's outputs arrive as it ends); one without a time last, as SQLite sorts
// NULL and PostgreSQL would not.
const NEWEST = 'ORDER BY v.imported_at IS NULL, v.imported_at DESC, v.id DESC LIMIT 1'

/**
 * A list row: the summary, the newest output, and the seed and prompt of the newest output that records either; both
 * among the members of the collections bound twice (`visibleIn`, each twice: what a limited person sees; null: all).
 */
const listItem = (json: string) => {
  const seen = `(CAST(? AS text) IS NULL OR o.video_id IN (${visibleMembers(json)}))`
  return `SELECT ${SUMMARY},
  (SELECT o.video_id FROM workflow_videos o JOIN videos v ON v.id = o.video_id
   WHERE o.workflow_id = w.id AND o.role = 'output' AND ${seen} ${NEWEST}) AS "posterAsset",
  g.seed AS "latestSeed", g.prompt AS "latestPrompt"
  FROM workflows w LEFT JOIN video_generation g ON g.video_id = (
    SELECT o.video_id FROM workflow_videos o JOIN videos v ON v.id = o.video_id
    JOIN video_generation l ON l.video_id = o.video_id
    WHERE o.workflow_id = w.id AND o.role = 'output' AND (l.seed IS NOT NULL OR l.prompt IS NOT NULL) AND ${seen}
    ${NEWEST})`
}

/**
 * The workflows with an asset whose prompt holds the words: a library asks its text index (the prompt column
 * migration 0200 fills, as `toMatchExpression` asks it); a hub has no text index yet and asks PostgreSQL's word
 * search ('simple': no stemming; unlike the library's index it tells accented letters apart).
 */
const PROMPT_MATCHES: Record<SqlDialect, { sql: string; query: (words: readonly string[]) => string }> = {
  sqlite: {
    sql: `SELECT wv.workflow_id FROM videos_fts f JOIN videos_fts_keys k ON k.fts_rowid = f.rowid
      JOIN workflow_videos wv ON wv.video_id = k.asset_id WHERE videos_fts MATCH ?`,
    query: (words) => `prompt : (${words.map((word) => `"${word}"*`).join(' ')})`,
  },
  postgres: {
    sql: `SELECT wv.workflow_id FROM workflow_videos wv JOIN video_generation g ON g.video_id = wv.video_id
      WHERE to_tsvector('simple', g.prompt) @@ to_tsquery('simple', ?)`,
    query: (words) => words.map((word) => `'${word}':*`).join(' & '),
  },
}

// The class of PostgreSQL's two-key advisory locks that lockFor takes ("wflw"), apart from the hub's other locks.
const WORKFLOW_LOCKS = 0x77666c77

/** Workflows (a library's migration 0200, a hub's 0070): rows, the list, statistics, on either engine. */
export function createWorkflowsRepo(sql: SqlEngine) {
  const json = jsonValues(sql.dialect)
  const prompts = PROMPT_MATCHES[sql.dialect]
  // A query matches a workflow by its name in any case, or by the prompt of an asset on it.
  const where = (params: WorkflowListParams) => {
    const { statuses, formats, namePattern, visibleIn } = params
    const words = params.promptWords?.length ? prompts.query(params.promptWords) : null
    return {
      sql: `(CAST(? AS text) IS NULL OR w.status IN (SELECT value FROM ${json}))
        AND (CAST(? AS text) IS NULL OR w.format IN (SELECT value FROM ${json}))
        AND (CAST(? AS text) IS NULL OR lower(w.name) LIKE lower(?) ESCAPE '\\'
             OR (CAST(? AS text) IS NOT NULL AND w.id IN (${prompts.sql})))
        AND (CAST(? AS text) IS NULL OR w.id IN (SELECT wv.workflow_id FROM workflow_videos wv
             JOIN collection_items vi ON vi.video_id = wv.video_id
             WHERE vi.collection_id IN (SELECT CAST(value AS bigint) FROM ${json})))`,
      params: [statuses, statuses, formats, formats, namePattern, namePattern, words, words, visibleIn, visibleIn],
    }
  }
  type Tally = { value: string; count: number }
  const tallies = (statement: string, params: Array<string | null> = []) => sql.all<Tally>(statement, params)

  return {
    /** The workflow with its definition text; undefined when there is none. */
    get: (id: string) =>
      sql.get<WorkflowSummary & { definition: string }>(
        `SELECT ${SUMMARY}, w.definition FROM workflows w WHERE w.id = ?`,
        [id],
      ),
    /** Where the workflow's name came from; null when unknown (or no such workflow). */
    async nameOrigin(id: string): Promise<NameOrigin | null> {
      const row = await sql.get<{ origin: NameOrigin | null }>(
        'SELECT name_origin AS origin FROM workflows WHERE id = ?',
        [id],
      )
      return row?.origin ?? null
    },
    /** The workflow's newest definition text alone (no counts); undefined when there is no such workflow. */
    definition: async (id: string): Promise<string | undefined> =>
      (await sql.get<{ definition: string }>('SELECT definition FROM workflows WHERE id = ?', [id]))?.definition,
    /**
     * Makes writers of one workflow (`key`: its id, or its shape for one keyed by content) take turns until this
     * transaction ends, so the second finds the row the first made (two imports of one run's files at once on a hub).
     * A library's writers take turns anyway (one write transaction at a time).
     */
    async lockFor(key: string): Promise<void> {
      if (sql.dialect === 'postgres') {
        await sql.get('SELECT pg_advisory_xact_lock(CAST(? AS integer), hashtext(CAST(? AS text))) AS locked', [
          WORKFLOW_LOCKS,
          key,
        ])
      }
    },
    /** Every workflow's id, in id order. */
    ids: async (): Promise<string[]> =>
      (await sql.all<{ id: string }>('SELECT id FROM workflows ORDER BY id')).map((row) => row.id),
    exists: async (id: string): Promise<boolean> =>
      (await sql.get('SELECT 1 AS found FROM workflows WHERE id = ?', [id])) !== undefined,
    async insert(row: WorkflowRow): Promise<void> {
      await sql.run(
        `INSERT INTO workflows (id, name, description, status, definition, format, definition_hash, source,
           created_at, updated_at, name_origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          row.id,
          row.name,
          row.description,
          row.status,
          row.definition,
          row.format,
          row.definitionHash,
          row.source,
          row.createdAt,
          row.updatedAt,
          row.nameOrigin,
        ],
      )
    },
    /** Writes every editable column (source and created_at stay). */
    async update(row: Omit<WorkflowRow, 'source' | 'createdAt'>): Promise<void> {
      await sql.run(
        `UPDATE workflows SET name = ?, description = ?, status = ?, definition = ?, format = ?, definition_hash = ?,
           updated_at = ?, name_origin = ?
         WHERE id = ?`,
        [
          row.name,
          row.description,
          row.status,
          row.definition,
          row.format,
          row.definitionHash,
          row.updatedAt,
          row.nameOrigin,
          row.id,
        ],
      )
    },
    /** Notes a run that started at `at`, unless a later one is noted. */
    async ran(id: string, at: string): Promise<void> {
      await sql.run(
        'UPDATE workflows SET last_executed_at = ? WHERE id = ? AND (last_executed_at IS NULL OR last_executed_at < ?)',
        [at, id, at],
      )
    },
    /** Deletes the workflow (its executions and associations cascade); what went with it, counted before. */
    async delete(id: string): Promise<{ executions: number; associations: number }> {
      const counts = await sql.get<{ executions: number; associations: number }>(
        `SELECT (SELECT count(*) FROM workflow_executions WHERE workflow_id = ?) AS executions,
                (SELECT count(*) FROM workflow_videos WHERE workflow_id = ?) AS associations`,
        [id, id],
      )
      await sql.run('DELETE FROM workflows WHERE id = ?', [id])
      return counts!
    },
    /** A page of the list, newest update first, each row with its newest output and that output's seed and prompt,
     * and how many match in all. */
    async list(params: WorkflowListParams): Promise<{ items: WorkflowListRow[]; total: number }> {
      const filter = where(params)
      type Listed = WorkflowSummary & {
        posterAsset: string | null
        latestSeed: string | null
        latestPrompt: string | null
      }
      const seen = Array<string | null>(4).fill(params.visibleIn)
      const rows = await sql.all<Listed>(
        `${listItem(json)} WHERE ${filter.sql} ORDER BY w.updated_at DESC, w.id DESC LIMIT ? OFFSET ?`,
        [...seen, ...filter.params, params.limit, params.offset],
      )
      const total = await sql.get<{ total: number }>(
        `SELECT count(*) AS total FROM workflows w WHERE ${filter.sql}`,
        filter.params,
      )
      const items = rows.map(({ latestSeed: seed, latestPrompt: prompt, ...row }) => ({
        ...row,
        recorded: seed === null && prompt === null ? null : { seed, prompt },
      }))
      return { items, total: total?.total ?? 0 }
    },
    /** Counts across workflows; storage and executions of one workflow's when `id` is given. */
    async stats(id: string | null): Promise<WorkflowStats> {
      // Each asset once, however many nodes or workflows it is on.
      const bySourceType = await sql.all<Tally & { bytes: number }>(
        `SELECT v.source_type AS value, count(*) AS count, CAST(coalesce(sum(v.size_bytes), 0) AS bigint) AS bytes
         FROM videos v WHERE v.id IN (
           SELECT video_id FROM workflow_videos WHERE CAST(? AS text) IS NULL OR workflow_id = ?)
         GROUP BY v.source_type ORDER BY v.source_type`,
        [id, id],
      )
      const byStatus = await tallies(
        'SELECT status AS value, count(*) AS count FROM workflows GROUP BY status ORDER BY status',
      )
      return {
        workflows: byStatus.reduce((sum, row) => sum + row.count, 0),
        byStatus,
        byFormat: await tallies(
          'SELECT format AS value, count(*) AS count FROM workflows GROUP BY format ORDER BY format',
        ),
        executionsByStatus: await tallies(
          `SELECT status AS value, count(*) AS count FROM workflow_executions
           WHERE CAST(? AS text) IS NULL OR workflow_id = ? GROUP BY status ORDER BY status`,
          [id, id],
        ),
        videos: bySourceType.reduce((sum, row) => sum + row.count, 0),
        totalBytes: bySourceType.reduce((sum, row) => sum + row.bytes, 0),
        bySourceType,
      }
    },
  }
}
export type WorkflowsRepo = ReturnType<typeof createWorkflowsRepo>
