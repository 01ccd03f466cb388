import type { CheckpointNode, Job, StageConfigs } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs, isOneOf } from './cli-args'
import { followJob } from './run-job'

/** Options of the pipeline commands, merged into the CLI's parseArgs options (`--config` is the analysis one). */
export const PIPELINE_OPTIONS = {
  fps: { type: 'string' },
  profile: { type: 'string' },
  stages: { type: 'string' },
  label: { type: 'string' },
  keep: { type: 'string' },
  all: { type: 'boolean' },
} as const

/** What parseArgs gives the pipeline commands. */
export interface PipelineValues {
  fps?: string
  profile?: string
  stages?: string
  config?: string
  label?: string
  keep?: string
  all?: boolean
}

export const PIPELINE_USAGE = `  timeline create <asset> [--fps 2] [--profile default|small|full]
                             sample the video's frames (stored once per content, profile and fps)
  timeline show <asset>      the asset's timelines as JSON lines
  pipeline run <asset> --stages frames,dedupe_frames,text,match [--config JSON]
                             run stages in order (config keyed by stage); progress as JSON lines (stderr),
                             the run's checkpoints at the end
  checkpoint ls <asset>      the checkpoint tree of the asset's timelines, one JSON line per checkpoint (depth first)
  checkpoint show <cp>       a checkpoint with the outputs it carries
  checkpoint replay <cp> --config JSON [--stages S,...] [--label L]
                             replay the stages after <cp> with overrides, as a new branch under it
  checkpoint diff <a> <b> [<c>...] [--all]
                             compare 2-8 checkpoints: only what differs unless --all
  checkpoint prune <asset> --keep N
                             delete branches but the newest N checkpoints, pinned ones and scenarios`

const COMMANDS = ['timeline', 'pipeline', 'checkpoint'] as const
type PipelineCommand = (typeof COMMANDS)[number]

/** True for `timeline`, `pipeline` and `checkpoint`. */
export function isPipelineCommand(command: string): command is PipelineCommand {
  return isOneOf(COMMANDS, command)
}

/** Runs one pipeline command on an open library; resolves to the exit status. */
export async function runPipelineCommand(
  backend: CliBackend,
  command: PipelineCommand,
  args: string[],
  values: PipelineValues,
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
  const [verb, ...rest] = args
  const name = `${command} ${verb ?? ''}`.trim()
  const one = (needs: string) => {
    expectArgs(name, rest, { min: 1, max: 1, needs })
    return rest[0]!
  }
  const run = async (channel: 'pipelines:run' | 'checkpoints:replay', input: object) =>
    printRun(backend, await followJob(backend, channel, input, report), print)
  switch (name) {
    case 'timeline create': {
      const frames = {
        ...(values.fps && { fps: number(values.fps, '--fps') }),
        ...(values.profile && { profile: values.profile }),
      }
      return run('pipelines:run', { assetId: one('an asset id'), stages: ['frames'], config: { frames } })
    }
    case 'timeline show':
      for (const timeline of (await backend.call('pipelines:of-asset', { assetId: one('an asset id') })).timelines)
        print(timeline)
      return 0
    case 'pipeline run':
      if (!values.stages)
        throw new AppError('validation', 'pipeline run needs --stages, e.g. --stages frames,dedupe_frames,text,match')
      return run('pipelines:run', {
        assetId: one('an asset id'),
        stages: values.stages.split(','),
        config: configOf(values),
      })
    case 'checkpoint ls': {
      const { checkpoints } = await backend.call('pipelines:of-asset', { assetId: one('an asset id') })
      for (const line of depthFirst(checkpoints)) print(line)
      return 0
    }
    case 'checkpoint show':
      print(await backend.call('checkpoints:get', { id: number(one('a checkpoint id'), 'checkpoint') }))
      return 0
    case 'checkpoint replay':
      return run('checkpoints:replay', {
        id: number(one('a checkpoint id'), 'checkpoint'),
        config: configOf(values),
        ...(values.stages && { stages: values.stages.split(',') }),
        ...(values.label && { label: values.label }),
      })
    case 'checkpoint diff':
      expectArgs(name, rest, { min: 2, max: 8, needs: 'two to eight checkpoint ids' })
      print(
        await backend.call('checkpoints:compare', {
          ids: rest.map((id) => number(id, 'checkpoint')),
          all: values.all ?? false,
        }),
      )
      return 0
    case 'checkpoint prune':
      return prune(backend, one('an asset id'), values, print)
    default:
      throw new AppError('validation', `Unknown command "${name}".\n\n${PIPELINE_USAGE}`)
  }
}

async function prune(backend: CliBackend, assetId: string, values: PipelineValues, print: (value: unknown) => void) {
  if (values.keep === undefined) throw new AppError('validation', 'checkpoint prune needs --keep N.')
  const keep = number(values.keep, '--keep', 0)
  const { timelines } = await backend.call('pipelines:of-asset', { assetId })
  let deleted = 0
  for (const timeline of timelines) {
    deleted += (await backend.call('checkpoints:prune', { timelineId: timeline.id, keep })).deleted
  }
  print({ deleted })
  return 0
}

/** The run's checkpoints (exit 0) or the job that failed (exit 1). */
async function printRun(backend: CliBackend, job: Job, print: (value: unknown) => void): Promise<number> {
  if (job.kind !== 'pipeline-run' || job.state !== 'done' || !job.result) {
    print({ job })
    return 1
  }
  const { checkpointIds, ran, cached, timelineId } = job.result
  print({ executionId: job.params.executionId, timelineId, ran, cached })
  for (const id of checkpointIds) print((await backend.call('checkpoints:get', { id })).checkpoint)
  return 0
}

/** The tree depth first (children in the order they were made), each checkpoint with its depth. */
function depthFirst(checkpoints: CheckpointNode[]): (CheckpointNode & { depth: number })[] {
  const children = new Map<number | null, CheckpointNode[]>()
  for (const checkpoint of checkpoints) {
    const siblings = children.get(checkpoint.parentId) ?? []
    siblings.push(checkpoint)
    children.set(checkpoint.parentId, siblings)
  }
  const lines: (CheckpointNode & { depth: number })[] = []
  const walk = (parent: number | null, depth: number) => {
    for (const child of children.get(parent) ?? []) {
      lines.push({ ...child, depth })
      walk(child.id, depth + 1)
    }
  }
  walk(null, 0)
  return lines
}

function configOf(values: PipelineValues): StageConfigs {
  if (values.config === undefined) return {}
  try {
    return JSON.parse(values.config) as StageConfigs
  } catch {
    throw new AppError('validation', `--config takes JSON keyed by stage, e.g. '{"match":{"terms":["ACME"]}}'.`)
  }
}

function number(text: string, what: string, least = Number.MIN_VALUE): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < least) {
    throw new AppError(
      'validation',
      `${what} takes a ${least > 0 ? 'positive' : 'non-negative'} number, not "${text}".`,
    )
  }
  return value
}
