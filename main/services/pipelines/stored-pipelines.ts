import type { StageConfigs } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { DEFAULT_PIPELINE_ID, type StageName } from '../../../shared/pipeline-stages'
import { pipelineDefinition, readPipelineDefinition, type PipelinePlan } from '../../pipelines/pipeline-definition'
import { putWorkflow } from '../workflows/put-workflow'
import type { DefinitionStores } from '../workflows/versions'
import { STAGE_READS } from './stages'

// The pipeline Framevault ships, as a workflow a person copies and edits (its match terms are theirs to give).
const DEFAULT_PIPELINE: PipelinePlan = {
  name: 'Default pipeline: frames → dedupe → text → match',
  stages: ['frames', 'dedupe_frames', 'text', 'match'],
  config: { frames: { fps: 2, profile: 'default' }, dedupe_frames: { max_distance: 16 }, match: { mode: 'casefold' } },
}

/** Adds the default pipeline to the library's workflows when it is not there (a deleted one comes back at its next run). */
async function ensureDefaultPipeline(stores: DefinitionStores): Promise<void> {
  if (await stores.workflows.exists(DEFAULT_PIPELINE_ID)) return
  await putWorkflow(stores, {
    id: DEFAULT_PIPELINE_ID,
    definition: pipelineDefinition(DEFAULT_PIPELINE, STAGE_READS),
    format: 'native',
    source: 'framevault',
    name: DEFAULT_PIPELINE.name,
    nameOrigin: 'title',
    now: new Date().toISOString(),
  })
}

/**
 * The workflow a run is an execution of: the stored pipeline given, else one made of the stages asked for. Call in
 * the transaction that records the run (`stores` are its repos).
 */
export async function runWorkflow(
  stores: DefinitionStores,
  request: { workflowId?: string; stages?: StageName[]; config: StageConfigs },
): Promise<{ workflowId: string; stages: StageName[]; config: StageConfigs }> {
  if (request.workflowId !== undefined) {
    if (request.workflowId === DEFAULT_PIPELINE_ID) await ensureDefaultPipeline(stores)
    const row = await stores.workflows.get(request.workflowId)
    if (!row) throw new AppError('not_found', `No workflow ${request.workflowId}.`)
    const plan = readPipelineDefinition(JSON.parse(row.definition))
    if (typeof plan === 'string') throw new AppError('validation', `Workflow ${row.name} is ${plan}.`)
    const stages = request.stages ?? plan.stages
    const config = overlayStageConfigs(plan.config, request.config, stages)
    return { workflowId: row.id, stages, config }
  }
  if (!request.stages) throw new AppError('validation', 'Name the stages to run, or a pipeline workflow.')
  const stages = [...new Set(request.stages)]
  const workflow = await putWorkflow(stores, {
    definition: pipelineDefinition(
      { name: `Pipeline: ${stages.join(' → ')}`, stages, config: request.config },
      STAGE_READS,
    ),
    format: 'native',
    source: 'framevault-pipeline',
    now: new Date().toISOString(),
  })
  return { workflowId: workflow.id, stages, config: request.config }
}

/** `over` on `base`, stage by stage and field by field, for the stages given and any `over` names (frames). */
export function overlayStageConfigs(base: StageConfigs, over: StageConfigs, stages: StageName[]): StageConfigs {
  const named = new Set<StageName>([...stages, ...(Object.keys(over) as StageName[])])
  return Object.fromEntries([...named].map((stage) => [stage, { ...base[stage], ...over[stage] }]))
}
