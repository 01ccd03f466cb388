import type { SqlEngine } from '../sql/sql-engine'

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

const COLUMNS = `execution_id AS "executionId", video_id AS "videoId", timeline_id AS "timelineId", kind,
  from_checkpoint_id AS "fromCheckpointId", stages, config, current_stage AS "currentStage", job_id AS "jobId",
  created_at AS "createdAt"`

/** What a pipeline run is beyond its workflow execution (a library's migration 0320, a hub's 0120), on either engine. */
export function createPipelineRunsRepo(sql: SqlEngine) {
  const set = async (
    column: 'current_stage' | 'timeline_id' | 'job_id',
    executionId: string,
    value: string | number | null,
  ) => void (await sql.run(`UPDATE pipeline_runs SET ${column} = ? WHERE execution_id = ?`, [value, executionId]))
  return {
    get: (executionId: string) =>
      sql.get<PipelineRunRow>(`SELECT ${COLUMNS} FROM pipeline_runs WHERE execution_id = ?`, [executionId]),
    /** An asset's runs, newest first. */
    ofVideo: (videoId: string) =>
      sql.all<PipelineRunRow>(
        `SELECT ${COLUMNS} FROM pipeline_runs WHERE video_id = ? ORDER BY created_at DESC, execution_id`,
        [videoId],
      ),
    async insert(row: PipelineRunRow): Promise<void> {
      await sql.run(
        `INSERT INTO pipeline_runs (execution_id, video_id, timeline_id, kind, from_checkpoint_id, stages, config,
           current_stage, job_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          row.executionId,
          row.videoId,
          row.timelineId,
          row.kind,
          row.fromCheckpointId,
          row.stages,
          row.config,
          row.currentStage,
          row.jobId,
          row.createdAt,
        ],
      )
    },
    setStage: (executionId: string, stage: string | null) => set('current_stage', executionId, stage),
    setTimeline: (executionId: string, timelineId: number) => set('timeline_id', executionId, timelineId),
    setJob: (executionId: string, jobId: string) => set('job_id', executionId, jobId),
  }
}
export type PipelineRunsRepo = ReturnType<typeof createPipelineRunsRepo>
