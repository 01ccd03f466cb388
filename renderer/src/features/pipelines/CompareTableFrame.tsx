import type { ReactNode } from 'react'
import type { CheckpointNode } from '../../../../shared/contract'
import { checkpointName } from './CheckpointTree'

/**
 * A table with one column per compared checkpoint (named, with its scenario badge and `note`), in a region that
 * scrolls sideways by keyboard too; `children` are its bodies.
 */
export function CompareTableFrame(props: {
  label: string
  corner: string
  nodes: readonly CheckpointNode[]
  note?: (index: number) => ReactNode
  children: ReactNode
}) {
  return (
    <div className="pl-table-wrap" role="region" aria-label={props.label} tabIndex={0}>
      <table className="compare-table pl-ctable">
        <thead>
          <tr>
            <th scope="col">{props.corner}</th>
            {props.nodes.map((node, index) => (
              <th scope="col" key={node.id}>
                {checkpointName(node)}
                {node.isScenario && <span className="pl-badge">scenario: {node.scenarioLabel}</span>}
                {props.note?.(index)}
              </th>
            ))}
          </tr>
        </thead>
        {props.children}
      </table>
    </div>
  )
}
