import { z } from 'zod'
import { PutTally } from './cache-rows'
import { AssetId } from './media'
import { DefinitionHash } from './workflow-versions'
import {
  DEFINITION_MAX_CHARS,
  Description,
  ExecutionId,
  ExecutionStatus,
  JsonText,
  NodeRole,
  ShortText,
  Source,
  Time,
  WorkflowFormat,
  WorkflowId,
  WorkflowName,
  WorkflowStatus,
} from './workflows'

/** The workflow row as the sending library has it: written as is when this library has no row of that id. */
const SentWorkflow = z
  .object({
    id: WorkflowId,
    name: WorkflowName,
    nameOrigin: z.enum(['given', 'title', 'auto']).nullable(),
    description: Description,
    status: WorkflowStatus,
    format: WorkflowFormat,
    // The row's own definition text (what the workflow opens as), JSON or not as the sender stored it.
    definition: JsonText(DEFINITION_MAX_CHARS),
    source: Source,
    createdAt: Time,
    updatedAt: Time,
  })
  .strict()

/** One exact definition of the workflow, sent oldest first so its versions keep their order. */
const SentDefinition = z
  .object({ text: JsonText(DEFINITION_MAX_CHARS), format: WorkflowFormat, createdAt: Time })
  .strict()

/** A run of the workflow with the hash of the definition it came with (null: not recorded). */
const SentExecution = z
  .object({
    id: ExecutionId,
    status: ExecutionStatus,
    startedAt: Time.nullable(),
    completedAt: Time.nullable(),
    executionData: JsonText(DEFINITION_MAX_CHARS).nullable(),
    error: ShortText(10_000).nullable(),
    createdAt: Time,
    definitionHash: DefinitionHash.nullable(),
  })
  .strict()

/** An asset of this library on a node of the workflow, with its run and the definition it came with. */
const SentAssociation = z
  .object({
    assetId: AssetId,
    // '' when the asset is on the workflow as a whole, on no node.
    nodeId: ShortText(200),
    nodeType: ShortText(200).nullable(),
    role: NodeRole,
    executionId: ExecutionId.nullable(),
    createdAt: Time,
    definitionHash: DefinitionHash.nullable(),
  })
  .strict()

export const workflowPutChannels = {
  /**
   * Which of these definitions (by content hash) and runs (by id) this library holds of a workflow: what a push need
   * not send again. `exists` false: no workflow of that id here (nothing of it is held).
   */
  'workflows:held': {
    input: z
      .object({
        workflowId: WorkflowId,
        definitionHashes: z.array(DefinitionHash).max(500).default([]),
        executionIds: z.array(ExecutionId).max(500).default([]),
      })
      .strict(),
    output: z.object({ exists: z.boolean(), definitionHashes: z.array(z.string()), executionIds: z.array(z.string()) }),
  },
  /**
   * Adds a workflow recorded elsewhere (a library pushed here) with what this library lacks of it: the row (a new
   * one is written as sent; a workflow keyed by its content joins the one of its shape here, as an import would),
   * its definitions (kept once per content, in versions by shape), its runs and its assets' associations, each
   * linked to its definition by hash. What is here stays as it is and is counted present. `workflowId` is the
   * workflow the items went to: send the rest of a long history to it.
   */
  'workflows:put': {
    input: z
      .object({
        workflow: SentWorkflow,
        definitions: z.array(SentDefinition).max(50).default([]),
        executions: z.array(SentExecution).max(200).default([]),
        associations: z.array(SentAssociation).max(500).default([]),
      })
      .strict(),
    output: z.object({
      workflowId: z.string(),
      created: z.boolean(),
      definitions: PutTally,
      executions: PutTally,
      associations: PutTally,
    }),
  },
} as const
