import { z } from 'zod'
import { MatchStageConfig, TextStageConfig } from '../pipeline-stage-configs'
import { DedupeStageConfig, FramesStageConfig, KeyframesStageConfig, StageName } from '../pipeline-stages'
import { BlackConfig, FreezeConfig, LoudnessConfig, ScenesConfig, SilenceConfig } from './analyzer-configs'
import { PutTally } from './cache-rows'
import { documentText } from './document'
import { jobOf } from './job-parts'
import { AssetId, ContentHash } from './media'
import { ExecutionStatus } from './workflows'

const Json = z.record(z.string(), z.unknown())
/** A stage's fields as overrides: each optional, no default filled in (the stage fills its own when it runs). */
function overridesOf(schema: z.ZodObject) {
  const fields = Object.entries(schema.shape).map(([name, field]) => {
    const bare = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)
    return [name, bare.optional()]
  })
  return z.strictObject(Object.fromEntries(fields)).optional()
}

/** Config keyed by stage: for each stage, the fields that differ from its defaults (or from the run replayed). */
export const StageConfigs = z.strictObject({
  frames: overridesOf(FramesStageConfig),
  dedupe_frames: overridesOf(DedupeStageConfig),
  scenes: overridesOf(ScenesConfig),
  silence: overridesOf(SilenceConfig),
  black: overridesOf(BlackConfig),
  freeze: overridesOf(FreezeConfig),
  loudness: overridesOf(LoudnessConfig),
  text: overridesOf(TextStageConfig),
  match: overridesOf(MatchStageConfig),
  keyframes: overridesOf(KeyframesStageConfig),
})
export type StageConfigs = Partial<Record<StageName, Record<string, unknown>>>
const CheckpointId = z.number().int().positive()

/** What a pipeline run job keeps: its execution, and the checkpoints made with which stages ran or came cached. */
export const PipelineRunParams = z.object({
  executionId: z.string(),
  kind: z.enum(['initial', 'replay', 'retry']),
  stages: z.array(StageName),
  fromCheckpointId: z.number().int().nullable(),
})
export const PipelineRunResult = z.object({
  timelineId: z.number().int(),
  checkpointIds: z.array(z.number().int()),
  ran: z.array(StageName),
  cached: z.array(StageName),
})
export type PipelineRunResult = z.infer<typeof PipelineRunResult>
export const PipelineRunJob = jobOf('pipeline-run', PipelineRunParams, PipelineRunResult)

/**
 * One stage of a pipeline run as a job of its own, in a team library whose workers claim the stages (issue 35): the
 * `frames` stage finds or samples the run's timeline from its checkpoint to start at (null: the timeline's root);
 * any other runs on the checkpoint before it. It ends with the checkpoint it made and whether its output was cached.
 */
export const PipelineStageParams = z.object({
  executionId: z.string(),
  stage: StageName,
  fromCheckpointId: z.number().int().nullable(),
})
export const PipelineStageResult = z.object({
  checkpointId: z.number().int(),
  timelineId: z.number().int(),
  cached: z.boolean(),
})
export type PipelineStageResult = z.infer<typeof PipelineStageResult>
export const PipelineStageJob = jobOf('pipeline-stage', PipelineStageParams, PipelineStageResult)
/** The text stage's job: the same, for workers that have Tesseract. */
export const PipelineTextJob = jobOf('pipeline-text', PipelineStageParams, PipelineStageResult)

const TimelineId = z.number().int().positive()
const KeepNewest = z.number().int().min(0).max(10_000)
/** What a checkpoint deletion takes away: one checkpoint's branch, or a timeline's prune (see `checkpoints:prune`). */
export const CheckpointDeleteParams = z.discriminatedUnion('of', [
  z.object({ of: z.literal('branch'), id: CheckpointId }),
  z.object({ of: z.literal('prune'), timelineId: TimelineId, keep: KeepNewest }),
])
const CheckpointsDeleted = z.object({ deleted: z.number().int() })
/** A deletion of checkpoints, in batches with progress: a branch 1,000 deep or a prune of 20,000 is long work. */
export const CheckpointDeleteJob = jobOf('checkpoint-delete', CheckpointDeleteParams, CheckpointsDeleted)

/** A timeline: one per (source content, profile, fps), with its frames' count and bytes. */
export const Timeline = z.object({
  id: z.number().int(),
  assetId: z.string().nullable(),
  contentHash: z.string(),
  profile: z.string(),
  fps: z.number(),
  status: z.enum(['created', 'cached', 'ready']),
  frameCount: z.number().int(),
  frameBytes: z.number().int(),
  createdAt: z.string(),
})
export type Timeline = z.infer<typeof Timeline>

/** A node of the checkpoint tree: its stage, stats, overrides, scenario label, whether its output came cached. */
export const CheckpointNode = z.object({
  id: z.number().int(),
  timelineId: z.number().int(),
  parentId: z.number().int().nullable(),
  runId: z.string().nullable(),
  stage: StageName.nullable(),
  stats: Json,
  configOverrides: Json,
  /** Stage → the cache key of its output. */
  outputKeys: z.record(z.string(), z.string()),
  cached: z.boolean(),
  isScenario: z.boolean(),
  scenarioLabel: z.string().nullable(),
  pinned: z.boolean(),
  createdAt: z.string(),
})
export type CheckpointNode = z.infer<typeof CheckpointNode>

/** A pipeline run: its execution's status and error, what started it and where it stands. */
export const PipelineRun = z.object({
  executionId: z.string(),
  workflowId: z.string(),
  assetId: z.string().nullable(),
  timelineId: z.number().int().nullable(),
  kind: z.enum(['initial', 'replay', 'retry']),
  fromCheckpointId: z.number().int().nullable(),
  stages: z.array(StageName),
  config: StageConfigs,
  status: ExecutionStatus,
  /** Failed because Framevault stopped before it finished (its finished checkpoints stay). */
  interrupted: z.boolean(),
  error: z.string().nullable(),
  currentStage: z.string().nullable(),
  jobId: z.string().nullable(),
  createdAt: z.string(),
})
export type PipelineRun = z.infer<typeof PipelineRun>

/** Two to eight checkpoints side by side: each one's effective config, stats and stage keys; rows that differ flagged. */
export const CheckpointComparison = z.object({
  checkpoints: z.array(CheckpointNode),
  rows: z.array(
    z.object({
      /** `config.<stage>.<field>`, `stats.<name>` or `key.<stage>`. */
      path: z.string(),
      values: z.array(z.unknown()),
      differs: z.boolean(),
    }),
  ),
})
export type CheckpointComparison = z.infer<typeof CheckpointComparison>

// Frames, and checkpoints and outputs, a push sends per call (a call's body is at most 1 MiB, or 24 with outputs).
const MAX_PUT_FRAMES = 2_000
const MAX_PUT_CHECKPOINTS = 500
// The longest stage output a push sends, as JSON text (a text stage's words of a long timeline).
const STAGE_OUTPUT_MAX_CHARS = 8_000_000
const CHECKPOINT_JSON_MAX_CHARS = 100_000
// When a pushed row was made, as stored there: an ISO time.
const CreatedAt = z
  .string()
  .max(40)
  .min(20)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/, 'Use an ISO time.')
const UploadId = z.uuid()

/**
 * A timeline sampled elsewhere (a library pushed here): its frames' facts, each frame's JPEG an upload, in parts of
 * at most 2,000 frames; `last` on the last part.
 */
export const TimelinePut = z
  .object({
    /** The asset here whose content the timeline was sampled from. */
    assetId: AssetId,
    contentHash: ContentHash,
    profile: FramesStageConfig.shape.profile.unwrap(),
    fps: FramesStageConfig.shape.fps.unwrap(),
    createdAt: CreatedAt,
    frames: z
      .array(
        z
          .object({
            sequence: z.number().int().min(0),
            chunkId: z.number().int().min(0),
            timestamp: z.number().min(0),
            perceptualHash: z
              .string()
              .length(64)
              .regex(/^[0-9a-f]{64}$/),
            hashQuality: z.number().int().min(0).max(100),
            uploadId: UploadId,
          })
          .strict(),
      )
      .min(1)
      .max(MAX_PUT_FRAMES),
    last: z.boolean(),
  })
  .strict()

/**
 * Checkpoints made elsewhere, parents before children: `ref` is the checkpoint's id where it was made, `parentRef` its
 * parent's (null for the timeline's root); a parent sent by an earlier call is named in `known` (its ref and id here).
 */
export const CheckpointsPut = z
  .object({
    timelineId: TimelineId,
    known: z
      .array(z.object({ ref: z.number().int().positive(), id: CheckpointId }).strict())
      .max(2 * MAX_PUT_CHECKPOINTS)
      .default([]),
    outputs: z
      .array(
        z
          .object({
            key: z.string().min(1).max(200),
            stage: StageName,
            version: z.number().int().min(0),
            contentHash: ContentHash,
            configHash: z.string().min(1).max(200),
            inputKeys: z.array(z.string().min(1).max(200)).max(100),
            output: documentText(z.string().min(1).max(STAGE_OUTPUT_MAX_CHARS)),
            createdAt: CreatedAt,
          })
          .strict(),
      )
      .max(MAX_PUT_CHECKPOINTS),
    checkpoints: z
      .array(
        z
          .object({
            ref: z.number().int().positive(),
            parentRef: z.number().int().positive().nullable(),
            runId: z.string().min(1).max(200).nullable(),
            stage: StageName.nullable(),
            // JSON objects as text, as a library stores them.
            stats: documentText(z.string().min(2).max(CHECKPOINT_JSON_MAX_CHARS)),
            configOverrides: documentText(z.string().min(2).max(CHECKPOINT_JSON_MAX_CHARS)),
            outputKeys: z.array(z.object({ stage: StageName, key: z.string().min(1).max(200) }).strict()).max(20),
            cached: z.boolean(),
            scenarioLabel: z.string().trim().min(1).max(200).nullable(),
            pinned: z.boolean(),
            createdAt: CreatedAt,
          })
          .strict()
          .refine((checkpoint) => (checkpoint.parentRef === null) === (checkpoint.stage === null), {
            message: 'A root checkpoint has no stage, every other one has.',
          }),
      )
      .min(1)
      .max(MAX_PUT_CHECKPOINTS),
    /** The pipeline runs that made them (each with its execution here already), the replayed checkpoint by ref. */
    runs: z
      .array(
        z
          .object({
            executionId: z.string().min(1).max(200),
            kind: z.enum(['initial', 'replay', 'retry']),
            fromCheckpointRef: z.number().int().positive().nullable(),
            stages: z.array(StageName).min(1).max(10),
            // Stage → config, JSON text as a library stores it.
            config: documentText(z.string().min(2).max(CHECKPOINT_JSON_MAX_CHARS)),
            createdAt: CreatedAt,
          })
          .strict(),
      )
      .max(MAX_PUT_CHECKPOINTS)
      .default([]),
  })
  .strict()

export const pipelineChannels = {
  /**
   * Runs a pipeline on an asset: a stored pipeline workflow (its stages and node configs), or the stages given
   * (frames first to sample a timeline); config keyed by stage goes over the workflow's.
   */
  'pipelines:run': {
    input: z
      .object({
        assetId: AssetId,
        workflowId: z.string().min(1).max(200).optional(),
        stages: z.array(StageName).min(1).max(10).optional(),
        config: StageConfigs.default({}),
      })
      .strict()
      .refine((input) => input.workflowId !== undefined || input.stages !== undefined, {
        message: 'Give the stages to run or a pipeline workflow id.',
      }),
    output: z.object({ job: PipelineRunJob, executionId: z.string() }),
  },
  /** An asset's timelines, its pipeline runs (newest first) and every checkpoint of its timelines. */
  'pipelines:of-asset': {
    input: z.object({ assetId: AssetId }).strict(),
    output: z.object({
      timelines: z.array(Timeline),
      runs: z.array(PipelineRun),
      checkpoints: z.array(CheckpointNode),
      /** Bytes the frames and the outputs the checkpoints carry take. */
      bytes: z.object({ frames: z.number().int(), outputs: z.number().int() }),
    }),
  },
  /** A timeline's facts and a page of its frames from sequence `from` (each frame's time and PDQ hash as hex). */
  'timelines:frames': {
    input: z
      .object({
        timelineId: z.number().int().positive(),
        from: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(2000).default(2000),
      })
      .strict(),
    output: z.object({
      timeline: Timeline,
      frames: z.array(z.object({ sequence: z.number().int(), timestamp: z.number(), perceptualHash: z.string() })),
    }),
  },
  /** One checkpoint with the outputs it carries (stage → output). */
  'checkpoints:get': {
    input: z.object({ id: CheckpointId }).strict(),
    output: z.object({ checkpoint: CheckpointNode, outputs: z.record(z.string(), z.unknown()) }),
  },
  /** Replays from a checkpoint with config overrides (its stages after it, or those given): a new branch under it. */
  'checkpoints:replay': {
    input: z
      .object({
        id: CheckpointId,
        config: StageConfigs.default({}),
        stages: z.array(StageName).min(1).max(10).optional(),
        label: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    output: z.object({ job: PipelineRunJob, executionId: z.string() }),
  },
  /** Labels a checkpoint as a scenario (null takes the label away). */
  'checkpoints:label': {
    input: z.object({ id: CheckpointId, label: z.string().trim().min(1).max(200).nullable() }).strict(),
    output: z.object({ checkpoint: CheckpointNode }),
  },
  /** Pins a checkpoint (a prune keeps it) or unpins it. */
  'checkpoints:pin': {
    input: z.object({ id: CheckpointId, pinned: z.boolean() }).strict(),
    output: z.object({ checkpoint: CheckpointNode }),
  },
  /**
   * Deletes a checkpoint and its branch (not a root); outputs another checkpoint carries stay. Runs as a
   * `checkpoint-delete` job (progress, cancel) and answers when it ends; a cancelled one says how many went.
   */
  'checkpoints:delete': {
    input: z.object({ id: CheckpointId }).strict(),
    output: CheckpointsDeleted,
  },
  /** Deletes the unpinned, unlabelled leaves' branches of a timeline but its newest `keep`; a job as `checkpoints:delete`. */
  'checkpoints:prune': {
    input: z.object({ timelineId: TimelineId, keep: KeepNewest }).strict(),
    output: CheckpointsDeleted,
  },
  /**
   * Adds a part of a timeline sampled elsewhere (a library pushed here) to an asset of the same content: its frames
   * move in from their uploads under the timeline's keys, then their facts; the last part makes the timeline ready.
   * A timeline of that content, profile and fps made here already stays (`added` false) and the uploads are dropped;
   * one still being made (a push cut off) takes the parts again.
   */
  'timelines:put': {
    input: TimelinePut,
    output: z.object({ timelineId: z.number().int(), added: z.boolean() }),
  },
  /**
   * Adds checkpoints made elsewhere to a timeline here, with the stage outputs they carry (an output already cached
   * under its key stays) and the pipeline runs that made them (a run whose execution is not here is left out). The
   * pushed root is the timeline's root here; a checkpoint already under the same parent, for the same stage and made
   * at the same time, is present, not added again. Answers the id here of every `ref`.
   */
  'checkpoints:put': {
    input: CheckpointsPut,
    output: z.object({
      ids: z.array(z.tuple([z.number().int(), z.number().int()])),
      checkpoints: PutTally,
      outputs: PutTally,
      runs: PutTally,
    }),
  },
  /** Compares two to eight checkpoints: only what differs unless `all`. */
  'checkpoints:compare': {
    input: z.object({ ids: z.array(CheckpointId).min(2).max(8), all: z.boolean().default(false) }).strict(),
    output: CheckpointComparison,
  },
} as const
