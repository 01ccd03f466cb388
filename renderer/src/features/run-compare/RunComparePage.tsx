import { useState } from 'react'
import type { RunComparison } from '../../../../shared/contract'
import { useBackendQuery } from '../../api/queries'
import { useAppStore } from '../../app/use-app-store'
import { toErrorShape } from '../../ui/error-shape'
import { plural } from '../../format'
import { CompareOutputs } from './CompareOutputs'
import { CompareTable } from './CompareTable'
import { COMPARE_MAX, COMPARE_MIN } from './run-compare-url'

/** Runs compared (`#/run-compare?runs=a,b`): the inputs that differ (or all), their facts, and their outputs per save node. */
export function RunComparePage() {
  const ids = useAppStore((s) => s.compareRuns)
  if (ids.length < COMPARE_MIN) {
    return (
      <section className="rc-page" aria-labelledby="rc-title">
        <h1 id="rc-title">Runs compared</h1>
        <p>
          This link names {ids.length === 0 ? 'no run' : 'one run'}. Select {COMPARE_MIN} to {COMPARE_MAX} runs on a
          workflow’s page and press Compare. <a href="#/workflows">All workflows</a>
        </p>
      </section>
    )
  }
  // Other runs start from the table as it first shows.
  return <Comparison key={ids.join('\n')} ids={ids} />
}

function Comparison({ ids }: { ids: string[] }) {
  const [all, setAll] = useState(false)
  const compared = useBackendQuery('executions:compare', { ids })
  const comparison = compared.data
  const workflowId = comparison?.runs[0]?.workflowId
  const workflow = useBackendQuery('workflows:get', workflowId ? { id: workflowId } : null, {
    identity: `workflows:get\n${workflowId}`,
  })
  const name = workflow.data?.workflow.name ?? workflowId ?? ''
  return (
    <section className="rc-page" aria-labelledby="rc-title" aria-busy={compared.isFetching}>
      {workflowId && (
        <nav className="rc-crumbs" aria-label="Breadcrumb">
          <a href="#/workflows">Workflows</a> › <a href={`#/workflow/${encodeURIComponent(workflowId)}`}>{name}</a>
        </nav>
      )}
      <h1 id="rc-title">Runs compared</h1>
      {compared.isError ? (
        <p className="error" role="alert">
          {failureText(toErrorShape(compared.error))} <a href="#/workflows">All workflows</a>
        </p>
      ) : !comparison ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <Summary comparison={comparison} name={name} />
          <label className="rc-toggle">
            <input type="checkbox" checked={all} onChange={(event) => setAll(event.currentTarget.checked)} /> Show all
            inputs
          </label>
          <CompareTable comparison={comparison} all={all} />
          <h2>Outputs by node</h2>
          <CompareOutputs runs={comparison.runs} />
        </>
      )}
    </section>
  )
}

/** How many runs of what, how many of their inputs differ, and a warning when they are not of one workflow. */
function Summary({ comparison, name }: { comparison: RunComparison; name: string }) {
  const differ = comparison.inputs.filter((input) => input.differs).length
  const total = comparison.inputs.length
  const workflows = new Set(comparison.runs.map((run) => run.workflowId)).size
  const inputs =
    total === 0
      ? 'they record no prompt inputs'
      : `${differ.toLocaleString()} of ${plural(total, 'input', 'inputs')} ${differ === 1 ? 'differs' : 'differ'}`
  return (
    <p className="rc-summary" data-testid="compare-summary">
      {comparison.runs.length} runs of {name}
      {workflows > 1 && ` and ${plural(workflows - 1, 'other workflow', 'other workflows')}`}: {inputs}
      {comparison.versionsDiffer && '; their versions differ'}.
    </p>
  )
}

// A run deleted since the link was made is the likely refusal, and worth saying plainly.
function failureText(error: { code: string; message: string }): string {
  if (error.code === 'not_found') return `${error.message} It may have been deleted.`
  return `Could not compare these runs: ${error.message}`
}
