import type { ProcessingRun } from '../../../../shared/contract'
import { baseName, edgeLabel, lineageOf, type LineageStep } from './processing-view'

/**
 * An asset's processing lineage one step each way: the assets it was made from → this asset →
 * the assets made from it, each edge labelled with the run's action and parameters.
 */
export function LineageGraph({
  assetId,
  assetName,
  runs,
  names,
}: {
  assetId: string
  assetName: string
  runs: ProcessingRun[]
  names: Record<string, string>
}) {
  const { inputs, outputs } = lineageOf(assetId, runs)
  if (inputs.length === 0 && outputs.length === 0) {
    return <p className="muted">No processing yet: this file was not made from another one, nor anything from it.</p>
  }
  return (
    <div className="lineage" role="group" aria-label="Processing lineage">
      {inputs.length > 0 && <Side title="Made from" steps={inputs} names={names} direction="in" />}
      <div className="lineage-centre">
        <span className="lineage-node current" aria-current="page">
          {assetName} <small className="muted">(this asset)</small>
        </span>
      </div>
      {outputs.length > 0 && <Side title="Made from this" steps={outputs} names={names} direction="out" />}
    </div>
  )
}

function Side({
  title,
  steps,
  names,
  direction,
}: {
  title: string
  steps: LineageStep[]
  names: Record<string, string>
  direction: 'in' | 'out'
}) {
  // Top to bottom, the way the files went: each input above its edge, each output below its edge.
  return (
    <div className={`lineage-side ${direction}`}>
      <ul aria-label={title}>
        {steps.map((step) => {
          const node = <Node step={step} names={names} />
          const edge = (
            <span className="lineage-edge" title={`config ${step.run.configHash}`}>
              <span className="edge-arrow" aria-hidden="true" />
              <span className="edge-label">{edgeLabel(step.run)}</span>
            </span>
          )
          return (
            <li key={`${step.run.id}`} className="lineage-step">
              {direction === 'in' ? (
                <>
                  {node}
                  {edge}
                </>
              ) : (
                <>
                  {edge}
                  {node}
                </>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

function Node({ step, names }: { step: LineageStep; names: Record<string, string> }) {
  const name = (step.otherAssetId && names[step.otherAssetId]) || baseName(step.otherPath)
  if (!step.otherAssetId) {
    return (
      <span className="lineage-node missing" title={step.otherPath}>
        {name} <small>(not in the library)</small>
      </span>
    )
  }
  return (
    <a className="lineage-node" href={`#/asset/${encodeURIComponent(step.otherAssetId)}`}>
      {name}
    </a>
  )
}
