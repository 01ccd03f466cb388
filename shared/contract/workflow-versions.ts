import { z } from 'zod'
import { AssetId } from './media'
import { ExecutionId, WorkflowFormat, WorkflowId } from './workflows'

/** A definition's content hash: "sha256:" and the hex SHA-256 of its canonical JSON. */
export const DefinitionHash = z
  .string()
  .length(71)
  .regex(/^sha256:[0-9a-f]{64}$/)
/** A version of a workflow by its ordinal (1 is the first shape seen). */
export const VersionOrdinal = z.number().int().min(1).max(1_000_000)

/** A version of a workflow: one graph shape (nodes, node types, links) and the definitions of that shape. */
export const WorkflowVersion = z.object({
  ordinal: z.number().int().positive(),
  shapeHash: z.string(),
  createdAt: z.string(),
  /** Distinct definitions of this shape: runs with other widget values. */
  definitions: z.number().int().nonnegative(),
  /** Assets and runs recorded with one of its definitions. */
  assets: z.number().int().nonnegative(),
  executions: z.number().int().nonnegative(),
  /** The definition that opened the version (what the version opens as), and the newest. */
  firstHash: z.string(),
  newestHash: z.string(),
})
export type WorkflowVersion = z.infer<typeof WorkflowVersion>

/** One exact definition of a workflow, its text as it came. */
export const WorkflowDefinition = z.object({
  workflowId: z.string(),
  version: z.number().int().positive(),
  hash: z.string(),
  format: WorkflowFormat,
  /** The exact JSON text (integers past 2^53 keep their digits: parse it with care). */
  text: z.string(),
  createdAt: z.string(),
  /** False for an asset or run recorded before definitions were kept: this is its workflow's version 1. */
  recorded: z.boolean(),
})
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>

/** A value before and after; a side left out had none. Integers past 2^53 come as decimal text. */
const ValueChange = z.object({ old: z.unknown().optional(), new: z.unknown().optional() })
const DiffNode = z.object({ id: z.string(), type: z.string(), title: z.string() })
const DiffLink = z.object({
  from: z.object({ node: z.string(), slot: z.union([z.number(), z.string()]) }),
  to: z.object({ node: z.string(), input: z.string() }),
  type: z.string().nullable(),
})
const DefinitionRef = z.object({ version: z.number().int().positive(), hash: z.string() })

/** Two definitions of a workflow compared: nodes added, removed, changed (each widget old → new), links rewired. */
export const WorkflowVersionDiff = z.object({
  from: DefinitionRef,
  to: DefinitionRef,
  nodes: z.object({
    added: z.array(DiffNode),
    removed: z.array(DiffNode),
    changed: z.array(
      DiffNode.extend({
        typeChange: ValueChange.optional(),
        titleChange: ValueChange.optional(),
        modeChange: ValueChange.optional(),
        widgets: z.array(ValueChange.extend({ name: z.string() })),
      }),
    ),
  }),
  links: z.object({ added: z.array(DiffLink), removed: z.array(DiffLink) }),
})
export type WorkflowVersionDiff = z.infer<typeof WorkflowVersionDiff>

/** A version by ordinal, or one definition by its hash. */
const VersionOrHash = z.union([VersionOrdinal, DefinitionHash])

export const workflowVersionChannels = {
  /** A workflow's versions, oldest first: one per graph shape, with their definitions', assets' and runs' counts. */
  'workflows:versions': {
    input: z.object({ id: WorkflowId }).strict(),
    output: z.object({ items: z.array(WorkflowVersion) }),
  },
  /**
   * An exact definition: the one an asset came with (`assetId`, on `workflowId` when it is on several),
   * a run's (`executionId`), or a workflow's version (`version`: the definition that opened it) or `hash`.
   */
  'workflows:definition': {
    input: z
      .object({
        assetId: AssetId.optional(),
        executionId: ExecutionId.optional(),
        workflowId: WorkflowId.optional(),
        version: VersionOrdinal.optional(),
        hash: DefinitionHash.optional(),
      })
      .strict(),
    output: z.object({ definition: WorkflowDefinition }),
  },
  /** Two versions (or definitions by hash) of a workflow compared: nodes added, removed and changed, links rewired. */
  'workflows:diff': {
    input: z.object({ id: WorkflowId, from: VersionOrHash, to: VersionOrHash }).strict(),
    output: WorkflowVersionDiff,
  },
} as const
