import { z } from 'zod'
import { documentText } from './document'
import { BaseVersion, WorkflowFieldVersions } from './edit-versions'
import { AssetId, MediaAsset } from './media'
import { nameText } from './name-text'

/** How a workflow's definition is written: the original manager's own, ComfyUI's UI or API form, InvokeAI. */
export const WorkflowFormat = z.enum(['native', 'comfyui-ui', 'comfyui-api', 'invokeai'])
export type WorkflowFormat = z.infer<typeof WorkflowFormat>
export const WorkflowStatus = z.enum(['draft', 'saved'])
export type WorkflowStatus = z.infer<typeof WorkflowStatus>
/** queued → running → completed | failed | cancelled (a queued run may also be cancelled or fail to start). */
export const ExecutionStatus = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled'])
export type ExecutionStatus = z.infer<typeof ExecutionStatus>
/** What an asset was to the node it is associated with. */
export const NodeRole = z.enum(['output', 'input', 'intermediate'])
export type NodeRole = z.infer<typeof NodeRole>

/** A workflow's id: ComfyUI's workflow id, or the "sha256:…" hash of the definition. */
export const WorkflowId = z.string().min(1).max(200)
/** An execution's id (ComfyUI's prompt id when imported from its history). */
export const ExecutionId = z.string().min(1).max(200)
/** A node's id in its workflow (ComfyUI subgraph nodes read "12:5"). */
export const NodeId = z.string().min(1).max(200)
/** The serialized definition's largest size, in characters. */
export const DEFINITION_MAX_CHARS = 5_000_000
/** A JSON value's deepest nesting the service accepts (a graph is a few levels; hostile input is not). */
export const JSON_MAX_DEPTH = 64
/** JSON text of at most `max` characters (a document: past the 64 KiB string policy); the service parses it and refuses what is not JSON. */
export const JsonText = (max: number) => documentText(z.string().min(1).max(max))
/** An ISO 8601 time; the service refuses what is not a time and stores it in UTC. */
export const Time = z.string().min(1).max(40)
export const ShortText = (max: number) => z.string().max(max)
const Limit = z.number().int().min(1).max(500).default(100)
const Offset = z.number().int().min(0).max(1_000_000).default(0)
/** A seed: generators draw up to 2^64 - 1, past JS numbers, so it travels as decimal text (or a safe integer in). */
export const Seed = z.union([
  z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^-?\d{1,20}$/),
])

/** A workflow as lists show it. */
export const WorkflowSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: WorkflowStatus,
  format: WorkflowFormat,
  definitionHash: z.string(),
  source: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastExecutedAt: z.string().nullable(),
  executions: z.number().int().nonnegative(),
  /** Assets associated with any node as an output. */
  outputs: z.number().int().nonnegative(),
})
export type WorkflowSummary = z.infer<typeof WorkflowSummary>

/** What tells a workflow's row apart in the list: a poster, and the seed and prompt of its latest output (else its own). */
export const WorkflowListItem = WorkflowSummary.extend({
  /** The newest output asset, whose thumbnail is the row's poster; null when it has none. */
  posterAsset: z.string().nullable(),
  /** The latest seed and positive prompt: of the newest output that records them, else as the workflow sets them. */
  latest: z.object({ seed: z.string().nullable(), prompt: z.string().nullable() }).nullable(),
})
export type WorkflowListItem = z.infer<typeof WorkflowListItem>

/**
 * A workflow with its newest definition: parsed JSON, and its exact text as stored (integers past 2^53, such
 * as seeds, keep their digits only there).
 */
export const Workflow = WorkflowSummary.extend({ definition: z.unknown(), definitionText: z.string() })
export type Workflow = z.infer<typeof Workflow>

/** Where a definition given to a workflow went: the version of its shape (new when the shape was), and whether the definition itself was new. */
export const KeptVersion = z.object({
  ordinal: z.number().int().positive(),
  versionCreated: z.boolean(),
  definitionCreated: z.boolean(),
})
export type KeptVersion = z.infer<typeof KeptVersion>

/** The node an asset is on; null when the file names no save node (it is still the workflow's). */
const AssociatedNode = z.string().nullable()

/** An asset on a node of a workflow. */
export const WorkflowMedia = z.object({
  workflowId: z.string(),
  nodeId: AssociatedNode,
  nodeType: z.string().nullable(),
  role: NodeRole,
  executionId: z.string().nullable(),
  createdAt: z.string(),
  asset: MediaAsset,
})
export type WorkflowMedia = z.infer<typeof WorkflowMedia>

/** How many assets a node has, by role. */
export const WorkflowNodeMedia = z.object({
  nodeId: AssociatedNode,
  nodeType: z.string().nullable(),
  outputs: z.number().int().nonnegative(),
  inputs: z.number().int().nonnegative(),
  intermediates: z.number().int().nonnegative(),
})
export type WorkflowNodeMedia = z.infer<typeof WorkflowNodeMedia>

/** One run of a workflow. */
export const Execution = z.object({
  id: z.string(),
  workflowId: z.string(),
  status: ExecutionStatus,
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  executionData: z.unknown(),
  error: z.string().nullable(),
  createdAt: z.string(),
  outputs: z.number().int().nonnegative(),
})
export type Execution = z.infer<typeof Execution>

/** An asset's generation details. */
export const Generation = z.object({
  videoId: z.string(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  prompt: z.string().nullable(),
  negativePrompt: z.string().nullable(),
  seed: z.string().nullable(),
  generationParams: z.unknown(),
  jobId: z.string().nullable(),
  status: z.string().nullable(),
  /** Why it failed, as its writer said. */
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
})
export type Generation = z.infer<typeof Generation>

/** A workflow an asset belongs to, with the node and run. */
export const AssetWorkflow = z.object({
  workflowId: z.string(),
  name: z.string(),
  format: WorkflowFormat,
  nodeId: AssociatedNode,
  nodeType: z.string().nullable(),
  role: NodeRole,
  executionId: z.string().nullable(),
  executionStatus: ExecutionStatus.nullable(),
})
export type AssetWorkflow = z.infer<typeof AssetWorkflow>

/** Counts and bytes across workflows (or of one workflow's assets). */
export const WorkflowStats = z.object({
  workflows: z.number().int().nonnegative(),
  byStatus: z.array(z.object({ value: z.string(), count: z.number().int().nonnegative() })),
  byFormat: z.array(z.object({ value: z.string(), count: z.number().int().nonnegative() })),
  executionsByStatus: z.array(z.object({ value: z.string(), count: z.number().int().nonnegative() })),
  /** Distinct assets associated with the workflow(s), their bytes, and both by source type. */
  videos: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
  bySourceType: z.array(z.object({ value: z.string(), count: z.number().int().nonnegative(), bytes: z.number() })),
})
export type WorkflowStats = z.infer<typeof WorkflowStats>

export const WorkflowName = nameText('A workflow name', 200)
export const Description = z.string().max(10_000).nullable()
export const Source = z.string().max(2_000).nullable()

export const workflowChannels = {
  /** Workflows, most recently updated first; `query` matches names and the prompts of their assets. */
  'workflows:list': {
    input: z
      .object({
        query: z.string().max(200).optional(),
        status: z.array(WorkflowStatus).max(2).optional(),
        format: z.array(WorkflowFormat).max(4).optional(),
        limit: Limit,
        offset: Offset,
      })
      .strict(),
    output: z.object({ items: z.array(WorkflowListItem), total: z.number().int().nonnegative() }),
  },
  /** One workflow with its definition, its nodes' asset counts and its first assets. */
  'workflows:get': {
    input: z.object({ id: WorkflowId }).strict(),
    output: z.object({
      workflow: Workflow,
      versions: WorkflowFieldVersions,
      nodes: z.array(WorkflowNodeMedia),
      media: z.array(WorkflowMedia),
      mediaTotal: z.number().int().nonnegative(),
    }),
  },
  /**
   * Creates a workflow from JSON text (`id` defaults to the definition's hash; without `name`, it is named by its
   * title or what it does); for a known id the definition joins it, as a new version when its shape is new (name,
   * description and status stay).
   */
  'workflows:create': {
    input: z
      .object({
        id: WorkflowId.optional(),
        name: WorkflowName.optional(),
        description: Description.optional(),
        status: WorkflowStatus.default('draft'),
        definition: JsonText(DEFINITION_MAX_CHARS),
        format: WorkflowFormat,
        source: Source.optional(),
      })
      .strict(),
    output: z.object({ workflow: Workflow, created: z.boolean(), version: KeptVersion }),
  },
  /**
   * Renames, describes, saves (or back to draft) or replaces the definition of a workflow. A name or description
   * changed since its `baseVersions` entry is refused (`conflict`, details: EditConflict); without one it is written
   * whatever its version (scripts, the CLI). Answers the name's and description's versions after it.
   */
  'workflows:update': {
    input: z
      .object({
        id: WorkflowId,
        name: WorkflowName.optional(),
        description: Description.optional(),
        status: WorkflowStatus.optional(),
        definition: JsonText(DEFINITION_MAX_CHARS).optional(),
        format: WorkflowFormat.optional(),
        baseVersions: z
          .object({ name: BaseVersion.optional(), description: BaseVersion.optional() })
          .strict()
          .optional(),
      })
      .strict(),
    output: z.object({ workflow: Workflow, versions: WorkflowFieldVersions }),
  },
  /** Deletes a workflow with its executions and associations; its assets stay in the library. */
  'workflows:delete': {
    input: z.object({ id: WorkflowId }).strict(),
    output: z.object({
      id: z.string(),
      executions: z.number().int().nonnegative(),
      associations: z.number().int().nonnegative(),
    }),
  },
  /** Associates an asset with a node of a workflow (again: updates its type, role and execution). */
  'workflows:associate': {
    input: z
      .object({
        workflowId: WorkflowId,
        videoId: AssetId,
        nodeId: NodeId,
        nodeType: ShortText(200).nullable().optional(),
        role: NodeRole.default('output'),
        executionId: ExecutionId.nullable().optional(),
      })
      .strict(),
    output: z.object({ association: WorkflowMedia }),
  },
  /** A page of a workflow's assets, optionally of one node, execution or role. */
  'workflows:videos': {
    input: z
      .object({
        id: WorkflowId,
        nodeId: NodeId.optional(),
        executionId: ExecutionId.optional(),
        role: NodeRole.optional(),
        limit: Limit,
        offset: Offset,
      })
      .strict(),
    output: z.object({ items: z.array(WorkflowMedia), total: z.number().int().nonnegative() }),
  },
  /** Workflows by status and format, executions by status, and the storage of their assets by source type. */
  'workflows:stats': {
    input: z.object({ id: WorkflowId.optional() }).strict(),
    output: WorkflowStats,
  },
  /** Executions newest first, of one workflow or of all. */
  'executions:list': {
    input: z
      .object({
        workflowId: WorkflowId.optional(),
        status: z.array(ExecutionStatus).max(5).optional(),
        limit: Limit,
        offset: Offset,
      })
      .strict(),
    output: z.object({ items: z.array(Execution), total: z.number().int().nonnegative() }),
  },
  /** One execution with its assets per node. */
  'executions:get': {
    input: z.object({ id: ExecutionId }).strict(),
    /** `dataText`: the run's data as stored, exact (a seed past 2^53 keeps its digits only there). */
    output: z.object({ execution: Execution, media: z.array(WorkflowMedia), dataText: z.string().nullable() }),
  },
  /** Records a run of a workflow (any status: a finished run from a history file is created finished). */
  'executions:create': {
    input: z
      .object({
        workflowId: WorkflowId,
        id: ExecutionId.optional(),
        status: ExecutionStatus.default('queued'),
        startedAt: Time.optional(),
        completedAt: Time.optional(),
        executionData: JsonText(DEFINITION_MAX_CHARS).optional(),
        error: ShortText(10_000).optional(),
      })
      .strict(),
    output: z.object({ execution: Execution }),
  },
  /** Moves a run on (queued → running → completed | failed | cancelled) or adds its data and error. */
  'executions:update': {
    input: z
      .object({
        id: ExecutionId,
        status: ExecutionStatus.optional(),
        startedAt: Time.optional(),
        completedAt: Time.optional(),
        executionData: JsonText(DEFINITION_MAX_CHARS).optional(),
        error: ShortText(10_000).nullable().optional(),
      })
      .strict(),
    output: z.object({ execution: Execution }),
  },
  /** An asset's generation details (null when none) and the workflow nodes it is associated with. */
  'generation:get': {
    input: z.object({ id: AssetId }).strict(),
    output: z.object({ generation: Generation.nullable(), workflows: z.array(AssetWorkflow) }),
  },
  /** Adds or replaces an asset's generation details (fields left out are stored empty). */
  'generation:set': {
    input: z
      .object({
        id: AssetId,
        provider: ShortText(200).nullable().optional(),
        model: ShortText(1_000).nullable().optional(),
        prompt: ShortText(60_000).nullable().optional(),
        negativePrompt: ShortText(60_000).nullable().optional(),
        seed: Seed.nullable().optional(),
        generationParams: JsonText(1_000_000).nullable().optional(),
        jobId: ShortText(200).nullable().optional(),
        status: ShortText(100).nullable().optional(),
        error: ShortText(10_000).nullable().optional(),
        createdAt: Time.optional(),
        startedAt: Time.nullable().optional(),
        completedAt: Time.nullable().optional(),
      })
      .strict(),
    output: z.object({ generation: Generation }),
  },
} as const
