import type { Job } from '../../shared/contract'
import type { Library } from '../app/library-context'
import { callChannel } from './cli-args'

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
 * has ended; Ctrl-C cancels it.
 */
export async function followJob(
  library: Library,
  channel: JobChannel,
  input: object,
  report: (line: string) => void,
): Promise<Job> {
  let jobId: string | undefined
  const unsubscribe = library.events.subscribe((event) => {
    if (event.name === 'job:progress' && event.payload.jobId === jobId) report(JSON.stringify(event.payload))
  })
  const cancel = () => void (jobId && library.jobs.cancel(jobId))
  process.once('SIGINT', cancel)
  try {
    const { job } = (await callChannel(library, channel, input)) as { job: Job }
    jobId = job.id
    await library.jobs.settled(jobId)
    return library.jobs.get(jobId)
  } finally {
    process.off('SIGINT', cancel)
    unsubscribe()
  }
}

/** Runs a job as followJob does and prints its result (or the job when it did not finish); resolves to the exit status. */
export async function runJob(
  library: Library,
  channel: JobChannel,
  input: object,
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
  const ended = await followJob(library, channel, input, report)
  if (ended.state !== 'done') {
    print({ job: ended })
    return 1
  }
  print(ended.result)
  return 0
}
