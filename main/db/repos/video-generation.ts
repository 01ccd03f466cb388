import type { Database } from 'better-sqlite3'

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
  createdAt: string
  completedAt: string | null
}

const COLUMNS = `video_id AS videoId, provider, model, prompt, negative_prompt AS negativePrompt,
  CAST(seed AS TEXT) AS seed, generation_params AS generationParams, job_id AS jobId, status,
  created_at AS createdAt, completed_at AS completedAt`

/** Assets' generation details (migration 0200): one row per asset; its prompt feeds the text index by trigger. */
export function createVideoGenerationRepo(db: Database) {
  const getStmt = db.prepare<[string], GenerationRow>(`SELECT ${COLUMNS} FROM video_generation WHERE video_id = ?`)
  // An upsert, not delete + insert: the FTS row is rewritten once, by the update trigger.
  const putStmt = db.prepare<GenerationRow>(
    `INSERT INTO video_generation (video_id, provider, model, prompt, negative_prompt, seed, generation_params,
       job_id, status, created_at, completed_at)
     VALUES (@videoId, @provider, @model, @prompt, @negativePrompt, @seed, @generationParams, @jobId, @status,
       @createdAt, @completedAt)
     ON CONFLICT (video_id) DO UPDATE SET provider = excluded.provider, model = excluded.model,
       prompt = excluded.prompt, negative_prompt = excluded.negative_prompt, seed = excluded.seed,
       generation_params = excluded.generation_params, job_id = excluded.job_id, status = excluded.status,
       created_at = excluded.created_at, completed_at = excluded.completed_at`,
  )

  // A1111 and Forge write `Model hash: 6ce0161689` (and `Model: name` unless told not to): what another file names it.
  const modelByHashStmt = db
    .prepare<[string], string>(
      `SELECT model FROM video_generation WHERE model IS NOT NULL AND json_valid(generation_params)
         AND json_extract(generation_params, '$."Model hash"') = ? LIMIT 1`,
    )
    .pluck()

  return {
    get(videoId: string): GenerationRow | undefined {
      return getStmt.get(videoId)
    },
    /** The model name another asset's parameters give for this model hash, if any does. */
    modelByHash(hash: string): string | undefined {
      return modelByHashStmt.get(hash)
    },
    /** Adds or replaces the asset's details. */
    put(row: GenerationRow): GenerationRow {
      putStmt.run(row)
      return getStmt.get(row.videoId)!
    },
  }
}
export type VideoGenerationRepo = ReturnType<typeof createVideoGenerationRepo>
