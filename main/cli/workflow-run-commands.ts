import type { ChannelInput, InputValue } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs } from './cli-args'
import { followJob } from './run-job'

/** Options of `workflow run`, merged into the CLI's parseArgs options. */
export const WORKFLOW_RUN_OPTIONS = {
  version: { type: 'string' },
  set: { type: 'string', multiple: true },
  sweep: { type: 'string' },
  seeds: { type: 'string' },
  server: { type: 'string' },
} as const

/** What parseArgs gives `workflow run`. */
export interface WorkflowRunValues {
  version?: string
  set?: string[]
  sweep?: string
  seeds?: string
  server?: string
}

export const WORKFLOW_RUN_USAGE = `  workflow run <id> [--version V] [--set NODE.INPUT=VALUE]... [--sweep NODE.INPUT=V1,V2,...]
     [--seeds N] [--server URL]
                             run the workflow's newest run (of version V) again on ComfyUI (the server
                             kept in Settings, or URL) with inputs set; a sweep or N new seeds queue
                             sibling runs at once. JSON lines as it runs (stderr), the runs at the end
  executions diff <a> <b> [<c>...]
                             compare 2-8 runs: the inputs that differ, versions, timings, outputs per node`

/** Runs `workflow run`: resolves to the exit status (1 when no run completed). */
export async function runWorkflowRun(
  backend: CliBackend,
  args: string[],
  values: WorkflowRunValues,
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
  expectArgs('workflow run', args, { min: 1, max: 1, needs: 'a workflow id' })
  const request: ChannelInput<'comfy:run'> = {
    from: {
      workflowId: args[0]!,
      ...(values.version !== undefined && { version: positive(values.version, '--version') }),
    },
    set: (values.set ?? []).map((pair) => inputValue(pair, '--set')),
    ...(values.server !== undefined && { server: values.server }),
  }
  if (values.sweep !== undefined && values.seeds !== undefined) {
    throw new AppError('validation', 'Give --sweep or --seeds, not both.')
  }
  if (values.seeds !== undefined) request.sweep = { seeds: positive(values.seeds, '--seeds') }
  if (values.sweep !== undefined) {
    const { nodeId, input, value } = inputValue(values.sweep, '--sweep')
    request.sweep = { nodeId, input, values: value.split(',') }
  }
  const ended = await followJob(backend, 'comfy:run', request, report)
  if (ended.kind !== 'comfy-run' || !ended.result) {
    print({ job: ended })
    return 1
  }
  for (const run of ended.result.runs) print(run)
  return ended.result.runs.some((run) => run.status === 'completed') ? 0 : 1
}

/** Runs `executions diff`: the comparison as one JSON value. */
export async function runExecutionsDiff(backend: CliBackend, args: string[], print: (value: unknown) => void) {
  expectArgs('executions diff', args, { min: 2, max: 8, needs: 'two to eight execution ids' })
  print(await backend.call('executions:compare', { ids: args }))
  return 0
}

/** NODE.INPUT=VALUE as typed (the value may hold '=' and '.'; the node id may not hold '.'). */
function inputValue(text: string, option: string): InputValue {
  const match = /^([^.=]+)\.([^=]+)=([\s\S]*)$/.exec(text)
  if (!match) throw new AppError('validation', `${option} takes NODE.INPUT=VALUE (e.g. 3.seed=42), not "${text}".`)
  return { nodeId: match[1]!, input: match[2]!, value: match[3]! }
}

function positive(text: string, option: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new AppError('validation', `${option} takes a whole number ≥ 1.`)
  return Number(text)
}
