import type { Job } from '../../shared/contract'
import type { CliBackend } from './cli-backend'
import { hasEnded, jobEnd } from './job-end'

/** The channels that start a job and answer `{ job }`. */
export type JobChannel =
  | 'analysis:run'
  | 'processing:run'
  | 'history:import'
  | 'health:verify'
  | 'health:relink'
  | 'similar:hash-all'
  | 'comfy:run'
  | 'pipelines:run'
  | 'checkpoints:replay'

/**
 * Starts a job through `channel`, reports its progress as JSON lines, and resolves to the job once it
 * has ended (told by its `job:updated` event, as every window learns it); Ctrl-C cancels it.
 */
export async function followJob(
  backend: CliBackend,
  channel: JobChannel,
  input: object,
  report: (line: string) => void,
): Promise<Job> {
  let jobId: string | undefined
  const end = jobEnd<Job>()
  // Events that come before the channel has answered with the job's id: one of them may be its end.
  const early: Job[] = []
  const unsubscribe = await backend.subscribe((event) => {
    if (event.name === 'job:progress' && event.payload.jobId === jobId) report(JSON.stringify(event.payload))
    if (event.name !== 'job:updated' || !hasEnded(event.payload.job.state)) return
    if (jobId === undefined) early.push(event.payload.job)
    else if (event.payload.job.id === jobId) end.tell(event.payload.job)
  })
  const cancel = () => void (jobId && backend.call('jobs:cancel', { jobId }).catch(() => undefined))
  process.once('SIGINT', cancel)
  try {
    const { job } = (await backend.call(channel, input as never)) as { job: Job }
    jobId = job.id
    for (const one of [job, ...early]) if (one.id === job.id) end.tell(one)
    await end.wait(async () => (await backend.call('jobs:get', { jobId: job.id })).job as Job, report)
    // As stored, with its result: the event's copy is the same job, read again for a remote host's latest word.
    return (await backend.call('jobs:get', { jobId: job.id })).job as Job
  } finally {
    process.off('SIGINT', cancel)
    unsubscribe()
  }
}

/** Runs a job as followJob does and prints its result (or the job when it did not finish); resolves to the exit status. */
export async function runJob(
  backend: CliBackend,
  channel: JobChannel,
  input: object,
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
  const ended = await followJob(backend, channel, input, report)
  if (ended.state !== 'done') {
    print({ job: ended })
    return 1
  }
  print(ended.result)
  return 0
}
