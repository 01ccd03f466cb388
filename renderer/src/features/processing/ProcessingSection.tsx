import type { JobOf, MediaType } from '../../../../shared/contract'
import { JobLine, unfinishedWords } from '../../ui/JobLine'
import { LineageGraph } from './LineageGraph'
import { ProcessForm } from './ProcessForm'
import { useProcessing } from './use-processing'
import { ErrorLine } from '../../ui/ErrorLine'
import { useMayCall } from '../people/index'

/** The asset detail's Processing section: the asset's lineage as a graph, and running a processor on it. */
export function ProcessingSection(props: { assetId: string; assetName: string; mediaType: MediaType }) {
  const { assetId, assetName, mediaType } = props
  const view = useProcessing(assetId)
  const mayCancel = useMayCall('jobs:cancel')
  return (
    <section className="detail-section processing-section" aria-label="Processing">
      <h2>Processing</h2>
      {view.loadError && <ErrorLine>{view.loadError}</ErrorLine>}
      {view.runs === null && !view.loadError && <p className="muted">Loading…</p>}
      {view.runs && <LineageGraph assetId={assetId} assetName={assetName} runs={view.runs} names={view.names} />}
      <ProcessForm view={view} mediaType={mediaType} />
      {view.job && (
        <JobLine
          tracked={view.job}
          onCancel={mayCancel ? () => void view.cancel() : undefined}
          outcome={outcome}
          className="processing-job"
        />
      )}
    </section>
  )
}

/** How a finished processing job ended, with a link to the asset it made (or found cached). */
function outcome(job: JobOf<'processing'>) {
  const unfinished = unfinishedWords(job)
  if (unfinished) return unfinished
  const result = job.result
  const output = result?.outputAssetId
  return (
    <>
      {!result?.cached
        ? 'Done. '
        : result.matchedBy === 'content'
          ? 'Cached (same content elsewhere): the output was already made, no ffmpeg ran. '
          : 'Cached: the output was already made, no ffmpeg ran. '}
      {output && <a href={`#/asset/${encodeURIComponent(output)}`}>Open the output</a>}
    </>
  )
}
