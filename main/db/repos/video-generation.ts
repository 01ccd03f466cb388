import type { SqlEngine } from '../sql/sql-engine'

/** A `video_generation` row; `generationParams` is the stored JSON text. */
export interface GenerationRow {
  videoId: string
  provider: string | null
  model: string | null
  prompt: string | null
  negativePrompt: string | null
  seed: string | null
  generationParams: string | null
  jobId: string | null
  status: string | null
  /** Why the generation failed, as its writer said (the original media manager's `error`). */
  error: string | null
  createdAt: string
  startedAt: string | null
  completedAt: string | null
}

// The seed as text: the original manager may have stored a number in a library's untyped column.
const COLUMNS = `video_id AS "videoId", provider, model, prompt, negative_prompt AS "negativePrompt",
  CAST(seed AS text) AS seed, generation_params AS "generationParams", job_id AS "jobId", status, error,
  created_at AS "createdAt", started_at AS "startedAt", completed_at AS "completedAt"`

// Rows whose parameters may name a model hash, read this many at a time until one does.
const HASH_CANDIDATES = 100

/**
 * Assets' generation details (a library's migrations 0200, 0230 and 0570, a hub's 0070 and 0350): one row per asset.
 * In a library its prompt feeds the text index by trigger; on either engine a first row marks an uploaded asset
 * generated.
 */
export function createVideoGenerationRepo(sql: SqlEngine) {
  const get = (videoId: string) =>
    sql.get<GenerationRow>(`SELECT ${COLUMNS} FROM video_generation WHERE video_id = ?`, [videoId])
  return {
    get,
    /**
     * The model name another asset's parameters give for this model hash, if any does: A1111 and Forge write
     * `Model hash: 6ce0161689` (and `Model: name` unless told not to). The parameters are JSON text on both engines
     * (and may be any text another tool wrote): a LIKE on the hash as JSON writes it narrows the rows, which are
     * then read here.
     */
    async modelByHash(hash: string): Promise<string | undefined> {
      // The hash as JSON text writes it, LIKE's wildcards escaped.
      const inJson = JSON.stringify(hash)
        .slice(1, -1)
        .replace(/[\\%_]/g, (c) => `\\${c}`)
      for (let after = ''; ;) {
        const rows = await sql.all<{ videoId: string; model: string; params: string }>(
          `SELECT video_id AS "videoId", model, generation_params AS params FROM video_generation
           WHERE model IS NOT NULL AND generation_params LIKE ? ESCAPE '\\' AND video_id > ?
           ORDER BY video_id LIMIT ?`,
          [`%${inJson}%`, after, HASH_CANDIDATES],
        )
        const named = rows.find((row) => modelHashIn(row.params) === hash)
        if (named || rows.length < HASH_CANDIDATES) return named?.model
        after = rows.at(-1)!.videoId
      }
    },
    /** Adds or replaces the asset's details (an upsert: a library's text index row is rewritten once, by trigger). */
    async put(row: GenerationRow): Promise<GenerationRow> {
      await sql.run(
        `INSERT INTO video_generation (video_id, provider, model, prompt, negative_prompt, seed, generation_params,
           job_id, status, error, created_at, started_at, completed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (video_id) DO UPDATE SET provider = excluded.provider, model = excluded.model,
           prompt = excluded.prompt, negative_prompt = excluded.negative_prompt, seed = excluded.seed,
           generation_params = excluded.generation_params, job_id = excluded.job_id, status = excluded.status,
           error = excluded.error, created_at = excluded.created_at, started_at = excluded.started_at,
           completed_at = excluded.completed_at`,
        [
          row.videoId,
          row.provider,
          row.model,
          row.prompt,
          row.negativePrompt,
          row.seed,
          row.generationParams,
          row.jobId,
          row.status,
          row.error,
          row.createdAt,
          row.startedAt,
          row.completedAt,
        ],
      )
      return (await get(row.videoId))!
    },
  }
}
export type VideoGenerationRepo = ReturnType<typeof createVideoGenerationRepo>

/** The "Model hash" member of parameters' JSON text, when it is text; undefined for anything else. */
function modelHashIn(params: string): string | undefined {
  try {
    const value: unknown = JSON.parse(params)
    const hash = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['Model hash'] : null
    return typeof hash === 'string' ? hash : undefined
  } catch {
    return undefined
  }
}
