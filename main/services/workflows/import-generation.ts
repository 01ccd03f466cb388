import type { CatalogRepos } from '../../db/catalog'
import type { GenerationFacts } from '../../generation/generation-facts'
import { configHash } from '../../hashing/canonical-json'
import { seedText } from './values'
import { putWorkflow } from './put-workflow'
import type { DefinitionStores } from './versions'

/** The catalogue's stores an import writes generation provenance to (those of the caller's transaction). */
export type GenerationStores = DefinitionStores &
  Pick<CatalogRepos, 'generation' | 'workflowExecutions' | 'workflowVideos'>

/**
 * Stores what a newly imported file says about how it was made, inside the import's write
 * transaction (the asset and its provenance land together or not at all): its generation details;
 * the workflow it carries, one row however many files carry it, and the exact definition it came with
 * (once per content hash, in the version of its shape); one execution per distinct API prompt (the
 * exact request that ran); and the asset on the save node that wrote it, the other candidates kept in
 * the details. A file that says nothing writes nothing.
 */
export async function recordImportedGeneration(
  stores: GenerationStores,
  assetId: string,
  facts: GenerationFacts,
  importedAt: string,
): Promise<void> {
  if (facts.sources.length === 0) return
  const madeAt = facts.createdAt ?? importedAt
  await stores.generation.put({
    videoId: assetId,
    provider: facts.provider,
    model: facts.model,
    prompt: facts.prompt,
    negativePrompt: facts.negativePrompt,
    seed: seedText(facts.seed),
    generationParams: JSON.stringify(generationParams(facts)),
    jobId: null,
    status: 'completed',
    error: null,
    createdAt: madeAt,
    startedAt: null,
    completedAt: facts.createdAt,
  })
  const found = facts.workflow
  if (!found) return
  const workflow = await putWorkflow(stores, {
    definition: found.definition,
    text: found.text ?? undefined,
    format: found.format,
    source: 'import',
    id: found.id ?? undefined,
    now: importedAt,
  })
  const executionId =
    facts.apiPrompt === null ? null : await ensureExecution(stores, workflow.id, workflow.kept.id, facts, importedAt)
  const node = facts.saveNodes[0]
  await stores.workflowVideos.upsert({
    workflowId: workflow.id,
    videoId: assetId,
    // '' when the file names no node that could have written it (the key column is NOT NULL): the asset is
    // still the workflow's, and the repo reads '' back as a null node.
    nodeId: node?.nodeId ?? '',
    nodeType: node?.nodeType ?? null,
    role: 'output',
    executionId,
    createdAt: importedAt,
    definitionId: workflow.kept.id,
  })
}

/** The details `video_generation` keeps as JSON: the sampler settings, size, LoRAs, the generator's own names, and where they came from. */
function generationParams(facts: GenerationFacts): Record<string, unknown> {
  const { steps, sampler, cfg, width, height, loras, params, sources, saveNodes, problems } = facts
  return { ...params, steps, sampler, cfg, width, height, loras, sources, saveNodes, problems }
}

/**
 * The execution of this exact request in this workflow, made once: files of one run share it. Its
 * times are the file's own when it says (a video's creation time), else unknown: the import's clock
 * says nothing about when the run happened, and must not become the workflow's last run.
 */
async function ensureExecution(
  stores: GenerationStores,
  workflowId: string,
  definitionId: number,
  facts: Pick<GenerationFacts, 'apiPrompt' | 'apiPromptText' | 'createdAt'>,
  importedAt: string,
): Promise<string> {
  const id = configHash({ workflow: workflowId, prompt: facts.apiPrompt })
  if (!(await stores.workflowExecutions.get(id))) {
    await recordCompletedRun(stores, {
      id,
      workflowId,
      at: facts.createdAt,
      // The prompt as the file wrote it, so a run again from it keeps a 64-bit seed's every digit.
      data:
        facts.apiPromptText === null
          ? JSON.stringify({ prompt: facts.apiPrompt, source: 'import' })
          : `{"prompt":${facts.apiPromptText},"source":"import"}`,
      importedAt,
      definitionId,
    })
  }
  return id
}

/**
 * Records a run known only because a file it made arrived (the import, a generator): completed, at
 * `at` when known; a known time moves the workflow's last run.
 */
export async function recordCompletedRun(
  stores: Pick<GenerationStores, 'workflows' | 'workflowExecutions'>,
  run: {
    id: string
    workflowId: string
    at: string | null
    /** A value, or JSON text kept as it is. */
    data: object | string
    importedAt: string
    /** The exact definition the run came with, when known. */
    definitionId?: number | null
  },
): Promise<void> {
  await stores.workflowExecutions.insert({
    id: run.id,
    workflowId: run.workflowId,
    status: 'completed',
    startedAt: run.at,
    completedAt: run.at,
    executionData: typeof run.data === 'string' ? run.data : JSON.stringify(run.data),
    error: null,
    createdAt: run.importedAt,
    definitionId: run.definitionId ?? null,
  })
  if (run.at !== null) await stores.workflows.ran(run.workflowId, run.at)
}
