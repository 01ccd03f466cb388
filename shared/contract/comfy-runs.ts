import { z } from 'zod'
import { BaseVersion } from './edit-versions'
import { jobOf } from './job-parts'
import { eachOnce } from './each-once'
import { AssetId, MediaAsset } from './media'
import { ExecutionStatus } from './workflows'

const Id = z.string().min(1).max(200)
// An input's value as a person types it: text as it is, numbers as decimal text (every digit of a 64-bit seed kept).
const ValueText = z.string().max(64 * 1024)

/** The address of the user's ComfyUI server: an http(s) URL, loopback or LAN (checked before it is kept). */
export const ComfyAddress = z.string().trim().min(1).max(2048)

/** What a run starts from: a run, an asset's own run, or a workflow's newest run (of one version when given). */
export const RunSource = z.union([
  z.object({ executionId: Id }).strict(),
  z.object({ assetId: AssetId }).strict(),
  z.object({ workflowId: Id, version: z.number().int().min(1).optional() }).strict(),
])
export type RunSource = z.infer<typeof RunSource>

/** One input of an API prompt that a run may change: a widget's value (links between nodes are not inputs). */
export const RunInput = z.object({
  nodeId: z.string(),
  classType: z.string(),
  /** The node's title in the UI workflow, when it has one. */
  title: z.string().nullable(),
  input: z.string(),
  kind: z.enum(['text', 'integer', 'number', 'boolean']),
  /** The value as text (decimal for numbers, every digit kept). */
  value: z.string(),
  /** Whether this input is a seed (a sweep of n seeds draws new values for these). */
  seed: z.boolean(),
})
export type RunInput = z.infer<typeof RunInput>

/** What "Run again" offers: the source's inputs, prefilled; why nothing can run, when nothing can. */
export const RunForm = z.object({
  workflowId: z.string(),
  workflowName: z.string(),
  sourceExecutionId: z.string().nullable(),
  /** Null when the source has an API prompt to run; else why it cannot run, in words. */
  notRunnable: z.string().nullable(),
  inputs: z.array(RunInput),
  /** The ComfyUI server runs go to (Settings), null until one is set. */
  server: z.string().nullable(),
})
export type RunForm = z.infer<typeof RunForm>

const InputKey = z.object({ nodeId: z.string().min(1).max(100), input: z.string().min(1).max(200) }).strict()
/** A new value for one input. */
export const InputValue = InputKey.extend({ value: ValueText }).strict()
export type InputValue = z.infer<typeof InputValue>
/** Many runs at once, siblings of one source: n new seeds, or a list of values for one input. */
export const Sweep = z.union([
  z.object({ seeds: z.number().int().min(2).max(64) }).strict(),
  InputKey.extend({ values: z.array(ValueText).min(2).max(64) }).strict(),
])
export type Sweep = z.infer<typeof Sweep>

/** A request to run on the user's ComfyUI: the source, the inputs changed, and a sweep if many runs. */
export const RunRequest = z
  .object({
    from: RunSource,
    set: z.array(InputValue).max(500).default([]),
    sweep: Sweep.optional(),
    /** Another ComfyUI for these runs only (checked like the kept one); else the one kept in Settings. */
    server: ComfyAddress.optional(),
  })
  .strict()
export type RunRequest = z.infer<typeof RunRequest>

/** How one run of a job ended: its outputs filed on their save nodes. */
export const ComfyRunOutcome = z.object({
  executionId: z.string(),
  promptId: z.string().nullable(),
  status: ExecutionStatus,
  error: z.string().nullable(),
  outputs: z.array(z.object({ nodeId: z.string(), assetId: z.string(), duplicate: z.boolean() })),
  cachedNodes: z.array(z.string()),
})
export type ComfyRunOutcome = z.infer<typeof ComfyRunOutcome>

export const ComfyRunParams = z.object({
  server: z.string(),
  workflowId: z.string(),
  sourceExecutionId: z.string().nullable(),
  executionIds: z.array(z.string()),
})
export const ComfyRunResult = z.object({ runs: z.array(ComfyRunOutcome) })
export type ComfyRunResult = z.infer<typeof ComfyRunResult>
/** Runs queued on the user's ComfyUI as one job: each followed to its end and its outputs imported. */
export const ComfyRunJob = jobOf('comfy-run', ComfyRunParams, ComfyRunResult)

/** Two to eight runs side by side: their inputs (those that differ flagged), versions, timings and outputs per node. */
export const RunComparison = z.object({
  runs: z.array(
    z.object({
      id: z.string(),
      workflowId: z.string(),
      status: ExecutionStatus,
      /** The workflow version the run's definition belongs to, when known. */
      version: z.number().int().nullable(),
      startedAt: z.string().nullable(),
      completedAt: z.string().nullable(),
      seconds: z.number().nullable(),
      /** Nodes ComfyUI answered from its cache; null when the run did not say. */
      cachedNodes: z.array(z.string()).nullable(),
      outputs: z.array(z.object({ nodeId: z.string().nullable(), nodeType: z.string().nullable(), asset: MediaAsset })),
    }),
  ),
  /** Every widget input of the runs' prompts, one value per run (null where a run lacks it). */
  inputs: z.array(
    z.object({
      nodeId: z.string(),
      classType: z.string(),
      input: z.string(),
      values: z.array(z.string().nullable()),
      differs: z.boolean(),
    }),
  ),
  versionsDiffer: z.boolean(),
})
export type RunComparison = z.infer<typeof RunComparison>

/** The largest output file a ComfyUI run downloads: from 1 MiB to 1 TiB. */
export const OutputLimitBytes = z
  .number()
  .int()
  .min(1024 ** 2)
  .max(1024 ** 4)

export const comfyRunChannels = {
  /** The ComfyUI server runs go to (null until one is set), and the largest output a run downloads. Never calls it. */
  'comfy:server': {
    input: z.object({}).strict(),
    output: z.object({
      address: z.string().nullable(),
      outputLimitBytes: OutputLimitBytes,
      /** The two settings' versions: a form's save names its own as `baseVersion` (issue 64). */
      versions: z.object({ address: z.number().int(), outputLimitBytes: z.number().int() }),
    }),
  },
  /**
   * Sets the largest output file a run downloads (a download past it stops, the run fails); null: the default. A
   * limit changed since `baseVersion` is refused (`conflict`, details: EditConflict with the bytes as text or null).
   */
  'comfy:set-output-limit': {
    input: z.object({ bytes: OutputLimitBytes.nullable(), baseVersion: BaseVersion.optional() }).strict(),
    output: z.object({ outputLimitBytes: OutputLimitBytes, version: z.number().int() }),
  },
  /**
   * Checks an address (GET /system_stats) and keeps it; null forgets it. Answers the server's version and the
   * setting's; an address changed since `baseVersion` is refused (`conflict`, details: EditConflict).
   */
  'comfy:set-server': {
    input: z.object({ address: ComfyAddress.nullable(), baseVersion: BaseVersion.optional() }).strict(),
    output: z.object({
      address: z.string().nullable(),
      version: z.string().nullable(),
      settingVersion: z.number().int(),
    }),
  },
  /** The inputs a run from this source would have, prefilled from it. */
  'comfy:run-form': { input: RunSource, output: RunForm },
  /** Queues one run (or a sweep's runs) on the user's ComfyUI as a job; the runs' executions are made at once. */
  /** Runs compared: the inputs that differ (and all), their versions, timings and outputs per save node. */
  'executions:compare': {
    input: z
      .object({
        ids: z
          .array(Id)
          .min(2)
          .max(8)
          .superRefine(eachOnce((id) => id, 'Each run may be given once.')),
      })
      .strict(),
    output: RunComparison,
  },
  'comfy:run': {
    input: RunRequest,
    output: z.object({ job: ComfyRunJob, executionIds: z.array(z.string()) }),
  },
} as const
