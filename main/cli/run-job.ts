import type { Job } from '../../shared/contract'
import type { Library } from '../library/library'
import { callChannel } from './cli-args'

/** The channels that start a job and answer `{ job }`. */
export type JobChannel = 'analysis:run' | 'processing:run' | 'history:import'

/**
 * Starts a job through `channel`, reports its progress, prints its result (or the job when it did not
 * finish); Ctrl-C cancels it. Resolves to the exit status.
 */
export async function runJob(
  library: Library,
  channel: JobChannel,
  input: object,
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
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
    const ended = library.jobs.get(jobId)
    if (ended.state !== 'done') {
      print({ job: ended })
      return 1
    }
    print(ended.result)
    return 0
  } finally {
    process.off('SIGINT', cancel)
    unsubscribe()
  }
}
