import type { JobKind, JobOf, PipelineStageResult } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { StageName } from '../../../shared/pipeline-stages'
import type { JobContext } from '../../jobs/job-handler'
import type { Library } from '../library-context'
import { getCheckpoint, type Checkpoint } from './checkpoints'
import type { RunPlan, StageSteps } from './run-stages'

/** The job kinds of a run's stages: the text stage reads frames with Tesseract, which not every worker has. */
export type StageJobKind = Extract<JobKind, 'pipeline-stage' | 'pipeline-text'>
export const STAGE_JOB_KINDS: readonly StageJobKind[] = ['pipeline-stage', 'pipeline-text']
const stageJobKind = (stage: StageName): StageJobKind => (stage === 'text' ? 'pipeline-text' : 'pipeline-stage')

type RunLibrary = Pick<Library, 'catalog' | 'jobs' | 'events'>
type RunWork = Pick<JobContext<unknown>, 'signal' | 'progress'> & {
  /** The run's job: its title names its stages' jobs, its asker asks for them. */
  title: string
  requestedBy: string | undefined
}

/**
 * A pipeline run's steps in a team library whose workers claim its stages (issue 35): each, the sampling of frames
 * when the run needs a timeline, is a job of its own that whichever worker is free takes, on the checkpoint the step
 * before made. A step's job reports progress as the run's; a cancel of the run cancels the step under way; a step
 * that fails fails the run with its words.
 */
export function stagesOnWorkers(lib: RunLibrary, plan: RunPlan, work: RunWork): StageSteps {
  const { executionId, asset } = plan
  const step = async (stage: StageName, from: Checkpoint | null, share: (fraction: number) => number) => {
    const done = await runOnWorker(lib, work, {
      kind: stageJobKind(stage),
      params: { executionId, stage, fromCheckpointId: from?.id ?? null },
      title: `${stage} · ${work.title}`,
      assetId: asset.id,
      share,
    })
    return { checkpoint: (await getCheckpoint(lib.catalog.repos, done.checkpointId))!, cached: done.cached }
  }
  return {
    frames: () => step('frames', plan.from, (fraction) => fraction * 0.5),
    stage: step,
  }
}

/** Starts one stage's job, relays its progress as the run's, and waits for it; its result, or its end in words. */
async function runOnWorker(
  lib: RunLibrary,
  work: RunWork,
  job: {
    kind: StageJobKind
    params: JobOf<'pipeline-stage'>['params']
    title: string
    assetId: string
    share: (fraction: number) => number
  },
): Promise<PipelineStageResult> {
  const { stage } = job.params
  work.progress(job.share(0), `${stage}: waiting for a worker`)
  const child = await lib.jobs.start(job.kind, job.params, {
    title: job.title,
    assetId: job.assetId,
    requestedBy: work.requestedBy,
  })
  const stopRelaying = lib.events.subscribe((event) => {
    if (event.name !== 'job:progress' || event.payload.jobId !== child.id) return
    const { fraction, doing } = event.payload
    work.progress(job.share(fraction), doing ? `${stage}: ${doing}` : stage)
  })
  const cancel = () => void lib.jobs.cancel(child.id).catch(() => {})
  work.signal.addEventListener('abort', cancel)
  try {
    await lib.jobs.settled(child.id)
  } finally {
    work.signal.removeEventListener('abort', cancel)
    stopRelaying()
  }
  const ended = await lib.jobs.get(child.id)
  work.signal.throwIfAborted()
  if (ended.state === 'done' && (ended.kind === 'pipeline-stage' || ended.kind === 'pipeline-text') && ended.result) {
    return ended.result
  }
  const how = ended.state === 'cancelled' ? 'was cancelled' : `failed: ${ended.error ?? 'no reason was given'}`
  throw new AppError('internal', `The ${stage} stage ${how}`)
}
