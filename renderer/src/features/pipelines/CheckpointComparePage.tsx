import { useMemo, useState } from 'react'
import type { CheckpointComparison } from '../../../../shared/contract'
import { useBackendQuery } from '../../api/queries'
import { useAppStore } from '../../app/use-app-store'
import { toErrorShape } from '../../ui/error-shape'
import { CHECKPOINTS_MAX, CHECKPOINTS_MIN } from './checkpoint-compare-url'
import { CompareDetections } from './CompareDetections'
import { CompareFrames } from './CompareFrames'
import { CompareRowsTable } from './CompareRowsTable'
import { detectionsOf } from './stage-outputs'
import { useCompared } from './use-compared'

/** Checkpoints compared (`#/checkpoint-compare?ids=4,9`): what differs, what each found, and their frames side by side. */
export function CheckpointComparePage() {
  const ids = useAppStore((s) => s.compareCheckpoints)
  if (ids.length < CHECKPOINTS_MIN) {
    return (
      <section className="pl-compare-page" aria-labelledby="pl-compare-title">
        <h1 id="pl-compare-title">Checkpoints compared</h1>
        <p>
          This link names {ids.length === 0 ? 'no checkpoint' : 'one checkpoint'}. Tick {CHECKPOINTS_MIN} to{' '}
          {CHECKPOINTS_MAX} checkpoints under Runs on a video’s page and press Compare.
        </p>
      </section>
    )
  }
  return <Comparison key={ids.join(',')} ids={ids} />
}

function Comparison({ ids }: { ids: number[] }) {
  const [all, setAll] = useState(false)
  const [seconds, setSeconds] = useState(0)
  const compared = useBackendQuery('checkpoints:compare', { ids, all }, { identity: `cc ${ids}` })
  const comparison = compared.data
  const nodes = comparison?.checkpoints ?? []
  const { outputs, timelines } = useCompared(
    ids,
    nodes.map((node) => node.timelineId),
  )
  const detections = useMemo(() => outputs.map((one) => one && detectionsOf(one)), [outputs])
  const assetId = timelines.values().next().value?.assetId ?? null
  const asset = useBackendQuery('media:get', assetId ? { id: assetId } : null)
  return (
    <section className="pl-compare-page" aria-labelledby="pl-compare-title" aria-busy={compared.isFetching}>
      {assetId && (
        <nav className="pl-crumbs" aria-label="Breadcrumb">
          <a href="#/library">Library</a> ›{' '}
          <a href={`#/asset/${encodeURIComponent(assetId)}`}>{asset.data?.name ?? 'The video'}</a>
        </nav>
      )}
      <h1 id="pl-compare-title">Checkpoints compared</h1>
      {compared.isError ? (
        <p className="error" role="alert">
          {failureText(toErrorShape(compared.error))}
        </p>
      ) : !comparison ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <Summary comparison={comparison} all={all} />
          <label className="pl-toggle-all">
            <input type="checkbox" checked={all} onChange={(event) => setAll(event.currentTarget.checked)} /> Show
            everything
          </label>
          <CompareRowsTable comparison={comparison} all={all} />
          <h2>Detections by time</h2>
          <CompareDetections nodes={nodes} detections={detections} onPick={setSeconds} />
          <h2>The same frame in each</h2>
          <CompareFrames nodes={nodes} outputs={outputs} timelines={timelines} seconds={seconds} onPick={setSeconds} />
        </>
      )}
    </section>
  )
}

function Summary({ comparison, all }: { comparison: CheckpointComparison; all: boolean }) {
  const differ = comparison.rows.filter((row) => row.differs).length
  const what = all ? `${differ} of ${comparison.rows.length} rows differ` : `${differ} rows differ`
  return (
    <p className="pl-compare-summary">
      {comparison.checkpoints.length} checkpoints:{' '}
      {differ === 0 ? 'their config, stats and stage keys are the same' : what}.
    </p>
  )
}

function failureText(error: { code: string; message: string }): string {
  if (error.code === 'not_found') return `${error.message} It may have been deleted or pruned.`
  return `Could not compare these checkpoints: ${error.message}`
}
