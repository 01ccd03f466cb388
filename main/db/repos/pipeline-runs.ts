import type { Database } from 'better-sqlite3'

/** How a run started: the first of a pipeline on an asset, a replay from a checkpoint, a retry of a failed run. */
export type RunKind = 'initial' | 'replay' | 'retry'

/** A `pipeline_runs` row; `stages` (a list) and `config` (stage → config) are JSON text. */
export interface PipelineRunRow {
  executionId: string
  videoId: string | null
  timelineId: number | null
  kind: RunKind
  fromCheckpointId: number | null
  stages: string
  config: string
  currentStage: string | null
  jobId: string | null
  createdAt: string
}

const COLUMNS = `execution_id AS executionId, video_id AS videoId, timeline_id AS timelineId, kind,
  from_checkpoint_id AS fromCheckpointId, stages, config, current_stage AS currentStage, job_id AS jobId,
  created_at AS createdAt`

/** What a pipeline run is beyond its workflow execution (migration 0320). */
export function createPipelineRunsRepo(db: Database) {
  const getStmt = db.prepare<[string], PipelineRunRow>(`SELECT ${COLUMNS} FROM pipeline_runs WHERE execution_id = ?`)
  const ofVideoStmt = db.prepare<[string], PipelineRunRow>(
    `SELECT ${COLUMNS} FROM pipeline_runs WHERE video_id = ? ORDER BY created_at DESC, execution_id`,
  )
  const insertStmt = db.prepare<PipelineRunRow>(
    `INSERT INTO pipeline_runs (execution_id, video_id, timeline_id, kind, from_checkpoint_id, stages, config,
       current_stage, job_id, created_at)
     VALUES (@executionId, @videoId, @timelineId, @kind, @fromCheckpointId, @stages, @config, @currentStage, @jobId,
       @createdAt)`,
  )
  const stageStmt = db.prepare<[string | null, string]>(
    'UPDATE pipeline_runs SET current_stage = ? WHERE execution_id = ?',
  )
  const timelineStmt = db.prepare<[number, string]>('UPDATE pipeline_runs SET timeline_id = ? WHERE execution_id = ?')
  const jobStmt = db.prepare<[string, string]>('UPDATE pipeline_runs SET job_id = ? WHERE execution_id = ?')
  return {
    get: (executionId: string): PipelineRunRow | undefined => getStmt.get(executionId),
    /** An asset's runs, newest first. */
    ofVideo: (videoId: string): PipelineRunRow[] => ofVideoStmt.all(videoId),
    insert: (row: PipelineRunRow): void => void insertStmt.run(row),
    setStage: (executionId: string, stage: string | null): void => void stageStmt.run(stage, executionId),
    setTimeline: (executionId: string, timelineId: number): void => void timelineStmt.run(timelineId, executionId),
    setJob: (executionId: string, jobId: string): void => void jobStmt.run(jobId, executionId),
  }
}
export type PipelineRunsRepo = ReturnType<typeof createPipelineRunsRepo>
