import type { Job } from '../../../../shared/contract'
import { ProgressBar } from '../../ui/ProgressBar'
import { isFinished, type TrackedJob } from '../analyses/index'
import { LineageGraph } from './LineageGraph'
import { ProcessForm } from './ProcessForm'
import { useProcessing } from './use-processing'

/** The asset detail's Processing section: the asset's lineage as a graph, and running a processor on it. */
export function ProcessingSection({ assetId, assetName }: { assetId: string; assetName: string }) {
  const view = useProcessing(assetId)
  return (
    <section className="detail-section processing-section" aria-label="Processing">
      <h2>Processing</h2>
      {view.loadError && (
        <p className="error" role="alert">
          {view.loadError}
        </p>
      )}
      {view.runs === null && !view.loadError && <p className="muted">Loading…</p>}
      {view.runs && <LineageGraph assetId={assetId} assetName={assetName} runs={view.runs} names={view.names} />}
      <ProcessForm view={view} />
      {view.job && <JobLine tracked={view.job} onCancel={() => void view.cancel()} />}
    </section>
  )
}

function JobLine({ tracked, onCancel }: { tracked: TrackedJob; onCancel(): void }) {
  const { job, progress } = tracked
  return (
    <div className={`analysis-job processing-job ${job.state}`} role="group" aria-label={job.title}>
      <span className="job-title">{job.title}</span>
      {isFinished(job) ? (
        <Outcome job={job} />
      ) : (
        <>
          <ProgressBar label={`${job.title} progress`} percent={Math.round((progress?.fraction ?? 0) * 100)} />
          <span className="job-doing">
            {job.state === 'queued' ? 'waiting to start' : (progress?.doing ?? 'starting')}
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </span>
        </>
      )}
    </div>
  )
}

/** How a finished processing job ended, with a link to the asset it made (or found cached). */
function Outcome({ job }: { job: Job }) {
  if (job.state === 'cancelled')
    return (
      <span className="job-outcome" role="status">
        Cancelled.
      </span>
    )
  if (job.state === 'failed') {
    return (
      <span className="job-outcome" role="status">
        Failed: {job.error ?? 'no reason given'}
      </span>
    )
  }
  const result = job.result as { cached?: boolean; outputAssetId?: string } | null
  const output = result?.outputAssetId
  return (
    <span className="job-outcome" role="status">
      {result?.cached ? 'Cached: the output was already made, no ffmpeg ran. ' : 'Done. '}
      {output && <a href={`#/asset/${encodeURIComponent(output)}`}>Open the output</a>}
    </span>
  )
}
