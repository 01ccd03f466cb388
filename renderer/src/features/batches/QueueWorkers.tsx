import type { Job, JobKind, JobQueue } from '../../../../shared/contract'
import { runnerWords } from './job-words'

const KIND_NOUNS: Partial<Record<JobKind, string>> = {
  analysis: 'analyses',
  processing: 'processing',
  'similar-hash': 'near-duplicate hashing',
  verify: 'verify',
  'pipeline-stage': 'pipeline stages',
  'pipeline-text': 'pipeline text stages',
  thumbnails: 'thumbnails',
  'sidecar-pairing': 'sidecar pairing',
  'near-duplicate-set': 'near-duplicate upkeep',
}
const kindList = (kinds: readonly JobKind[]) => kinds.map((kind) => KIND_NOUNS[kind] ?? kind).join(', ')

/**
 * A team library's workers: each one heard of lately with what it runs and how busy it is (by the running jobs this
 * page shows, which events keep current, so the line and the list never disagree), and how many jobs wait; with
 * none, that the queue's jobs wait until an admin starts one.
 */
export function QueueWorkers({ queue, running }: { queue: JobQueue; running: readonly Job[] }) {
  const busyOn = (worker: string) => running.filter((job) => job.worker === worker).length
  const waiting = `${queue.waiting.toLocaleString()} ${queue.waiting === 1 ? 'job waits' : 'jobs wait'} for a worker.`
  return (
    <section aria-label="Workers" className="queue-workers">
      <h2>Workers</h2>
      {queue.workers.length === 0 ? (
        <p role="status" className="queue-no-worker">
          No worker is running: {kindList(queue.kinds)} wait until an admin starts one on a machine of the team (the
          hub&apos;s guide says how, under Workers).
          {queue.waiting > 0 && ` ${waiting}`}
        </p>
      ) : (
        <>
          <ul className="queue-worker-list">
            {queue.workers.map((worker) => (
              <li key={worker.id} aria-label={runnerWords(worker.id)}>
                <strong>{runnerWords(worker.id)}</strong>{' '}
                <span className="muted">
                  runs {kindList(worker.kinds)} · {busyOn(worker.id)} of {worker.concurrency} busy
                </span>
              </li>
            ))}
          </ul>
          <p className="muted" role="status">
            {queue.waiting === 0 ? 'No job waits.' : waiting}
          </p>
        </>
      )}
    </section>
  )
}
