import { z } from 'zod'
import { documentText } from './document'
import { AbsolutePath, UploadRef } from './media'
import { nameText } from './name-text'
import {
  DEFINITION_MAX_CHARS,
  ExecutionId,
  NodeId,
  NodeRole,
  WorkflowFormat,
  WorkflowId,
  workflowChannels,
} from './workflows'

/** The generation details a generator sends with its file: `generation:set`'s fields without the asset id. */
export const GeneratedDetails = workflowChannels['generation:set'].input.omit({ id: true })
export type GeneratedDetails = z.input<typeof GeneratedDetails>

/**
 * The workflow that made the file: its JSON text (stored as given, deduplicated like imports do:
 * the `id` given, else the definition's hash) or only the `id` of a stored one. Without `format`
 * the format is told from the JSON's shape.
 */
export const GeneratedWorkflow = z
  .object({
    id: WorkflowId.optional(),
    definition: documentText(z.string().min(1).max(DEFINITION_MAX_CHARS)).optional(),
    format: WorkflowFormat.optional(),
    /** The name a new workflow row gets (a known one keeps its own). */
    name: nameText('A workflow name', 200).optional(),
  })
  .strict()
export type GeneratedWorkflow = z.input<typeof GeneratedWorkflow>

/** What `media:import-generated` did. */
export const GeneratedImportResult = z.object({
  assetId: z.string(),
  /** 'duplicate': the library had this content already; that asset got the details and association. */
  outcome: z.enum(['imported', 'duplicate']),
  jobId: z.string(),
  workflowId: z.string().nullable(),
  nodeId: z.string().nullable(),
  nodeType: z.string().nullable(),
  executionId: z.string().nullable(),
  /** True when the execution did not exist and was recorded now, as a completed run. */
  executionCreated: z.boolean(),
})
export type GeneratedImportResult = z.infer<typeof GeneratedImportResult>

export const generatedImportChannels = {
  /**
   * A generator's way in: imports ONE file (an absolute path, gated like `media:import`, or an upload
   * from `POST /upload`) and, once it is in, stores its generation details and puts it on a node of
   * its workflow (with the run that made it, created when new). Everything is checked before the
   * import starts: a refusal imports nothing.
   */
  'media:import-generated': {
    input: z
      .object({
        path: AbsolutePath.optional(),
        upload: UploadRef.optional(),
        generation: GeneratedDetails.optional(),
        workflow: GeneratedWorkflow.optional(),
        nodeId: NodeId.optional(),
        role: NodeRole.default('output'),
        executionId: ExecutionId.optional(),
      })
      .strict(),
    output: GeneratedImportResult,
  },
} as const
