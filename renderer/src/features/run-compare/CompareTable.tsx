import type { RunComparison } from '../../../../shared/contract'
import { changedFromFirst, factRows, nodeName, shownInputs } from './compare-rows'
import { RunName } from './RunName'

/**
 * The runs in columns: their own facts (the version when it differs, status, start, duration, cached nodes),
 * then their inputs (those that differ, or all), each value unlike the first run's highlighted.
 */
export function CompareTable({ comparison, all }: { comparison: RunComparison; all: boolean }) {
  const { runs } = comparison
  const inputs = shownInputs(comparison.inputs, all)
  const span = runs.length + 1
  return (
    // Eight runs of long prompts are wider than a window: the table scrolls sideways, by keyboard too.
    <div className="rc-table-wrap" role="region" aria-label="Runs compared" tabIndex={0}>
      <table className="compare-table rc-table">
        <thead>
          <tr>
            <th scope="col">Input</th>
            {runs.map((run, index) => (
              <th scope="col" key={run.id}>
                <RunName run={run} index={index} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {factRows(comparison).map((row) => (
            <tr key={row.label} className="rc-fact">
              <th scope="row">{row.label}</th>
              {row.values.map((value, index) => (
                <td key={runs[index].id}>{value}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tbody>
          <tr className="rc-section">
            <th scope="rowgroup" colSpan={span}>
              {all ? 'All inputs' : 'Inputs that differ'}
            </th>
          </tr>
          {inputs.length === 0 && (
            <tr>
              <td colSpan={span} className="muted">
                {all ? 'These runs record no prompt inputs.' : 'Every input is the same in these runs.'}
              </td>
            </tr>
          )}
          {inputs.map((input) => {
            const changed = changedFromFirst(input.values)
            return (
              <tr key={`${input.nodeId}\n${input.input}`} className={input.differs ? 'rc-differs' : undefined}>
                {/* The node above its input's name: "text" alone does not say which prompt. */}
                <th scope="row">
                  <span className="rc-node">{nodeName(input.classType, input.nodeId)}</span> {input.input}
                  {all && input.differs && <span className="visually-hidden"> (differs)</span>}
                </th>
                {input.values.map((value, index) => {
                  const text = value ?? (
                    <span className="muted" title="Not in this run’s prompt">
                      —
                    </span>
                  )
                  return (
                    <td key={runs[index].id} className="rc-value">
                      {changed[index] ? <mark>{text}</mark> : text}
                    </td>
                  )
                })}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
