import { StageName } from '../../shared/pipeline-stages'

/** What a pipeline is: its stages in order and each stage's config (missing fields take the stage's defaults). */
export interface PipelinePlan {
  name: string
  stages: StageName[]
  config: Partial<Record<StageName, Record<string, unknown>>>
}

/** The stages each stage reads (frames is read through the timeline); used to draw and check a pipeline. */
export type StageReads = Record<StageName, { reads: StageName[]; readsFrames: boolean }>

/** Marks a native workflow as a Framevault pipeline. */
export const PIPELINE_KIND = 'framevault-pipeline'

/**
 * A pipeline as a workflow of the native format (`{nodes, connections}`): a node per stage holding its config, a
 * connection from each stage it reads (and from frames to each stage that reads frames).
 */
export function pipelineDefinition(plan: PipelinePlan, reads: StageReads): Record<string, unknown> {
  const nodes = plan.stages.map((stage, index) => ({
    id: stage,
    type: stage,
    config: plan.config[stage] ?? {},
    position: { x: index * 260, y: 0 },
  }))
  const connections = plan.stages.flatMap((stage) => {
    const { reads: inputs, readsFrames } = reads[stage]
    const from = [...(readsFrames && stage !== 'frames' ? (['frames'] as StageName[]) : []), ...inputs]
    return from
      .filter((input) => plan.stages.includes(input))
      .map((input) => ({ from: `${input}-output-0`, to: `${stage}-input-${input}` }))
  })
  return { name: plan.name, kind: PIPELINE_KIND, nodes, connections }
}

/** The plan a pipeline workflow holds, or a reason in words it is none. */
export function readPipelineDefinition(definition: unknown): PipelinePlan | string {
  if (typeof definition !== 'object' || definition === null) return 'not a pipeline: no definition'
  const { kind, name, nodes } = definition as { kind?: unknown; name?: unknown; nodes?: unknown }
  if (kind !== PIPELINE_KIND || !Array.isArray(nodes)) return 'not a Framevault pipeline'
  const stages: StageName[] = []
  const config: PipelinePlan['config'] = {}
  for (const node of nodes as { type?: unknown; config?: unknown }[]) {
    const stage = StageName.safeParse(node?.type)
    if (!stage.success) return `unknown stage ${JSON.stringify(node?.type)}`
    if (stages.includes(stage.data)) return `stage ${stage.data} appears twice`
    stages.push(stage.data)
    if (typeof node.config === 'object' && node.config !== null) {
      config[stage.data] = node.config as Record<string, unknown>
    }
  }
  return { name: typeof name === 'string' ? name : 'Pipeline', stages, config }
}

/** Why stages cannot run in this order from a checkpoint carrying `carried`, in words; null when they can. */
export function orderProblem(stages: StageName[], reads: StageReads, carried: StageName[]): string | null {
  const have = new Set<StageName>(carried)
  for (const stage of stages) {
    const missing = reads[stage].reads.filter((input) => !have.has(input))
    if (missing.length > 0) {
      return `${stage} needs ${missing.join(' and ')}: put ${missing.length > 1 ? 'them' : 'it'} before ${stage}.`
    }
    have.add(stage)
  }
  return null
}
