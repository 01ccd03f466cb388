import type { ReactNode } from 'react'
import type { WorkflowVersionDiff } from '../../../../shared/contract'
import { changeText, diffSummary, nodeName } from './version-diff'

type Link = WorkflowVersionDiff['links']['added'][number]
type Change = { old?: unknown; new?: unknown }

/**
 * A comparison of two versions in words: nodes added, removed and changed (each value old → new), links
 * rewired. An added or changed node's name shows it on the graph (`onPick` with its full id).
 */
export function VersionDiffList({ diff, onPick }: { diff: WorkflowVersionDiff; onPick(nodeId: string): void }) {
  const { added, removed, changed } = diff.nodes
  const title = `Changes from version ${diff.from.version} to version ${diff.to.version}`
  return (
    <section className="wf-diff" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted" data-testid="diff-summary">
        {diffSummary(diff)}. A node’s name shows it on the graph; removed nodes are not in this version’s drawing.
      </p>
      <div className="wf-diff-columns">
        {added.length > 0 && (
          <DiffGroup label="Added nodes" kind="added">
            {added.map((node) => (
              <li key={node.id}>
                <NodeButton node={node} onPick={onPick} />
              </li>
            ))}
          </DiffGroup>
        )}
        {removed.length > 0 && (
          <DiffGroup label="Removed nodes" kind="removed">
            {removed.map((node) => (
              <li key={node.id}>{nodeName(node)}</li>
            ))}
          </DiffGroup>
        )}
        {changed.length > 0 && (
          <DiffGroup label="Changed nodes" kind="changed">
            {changed.map((node) => (
              <li key={node.id}>
                <NodeButton node={node} onPick={onPick} />
                <ul className="wf-diff-values">
                  {node.typeChange && <ValueLine name="type" change={node.typeChange} />}
                  {node.titleChange && <ValueLine name="title" change={node.titleChange} />}
                  {node.modeChange && <ValueLine name="mode" change={node.modeChange} />}
                  {node.widgets.map((widget) => (
                    <ValueLine key={widget.name} name={widget.name} change={widget} />
                  ))}
                </ul>
              </li>
            ))}
          </DiffGroup>
        )}
        {diff.links.added.length + diff.links.removed.length > 0 && (
          <DiffGroup label="Links" kind="links">
            {diff.links.added.map((link) => (
              <li key={`+${linkText(link)}`}>
                <span className="wf-diff-sign wf-diff-plus">added</span> {linkText(link)}
              </li>
            ))}
            {diff.links.removed.map((link) => (
              <li key={`-${linkText(link)}`}>
                <span className="wf-diff-sign wf-diff-minus">removed</span> {linkText(link)}
              </li>
            ))}
          </DiffGroup>
        )}
      </div>
    </section>
  )
}

function NodeButton({ node, onPick }: { node: { id: string; type: string; title: string }; onPick(id: string): void }) {
  return (
    <button type="button" className="link wf-diff-node" title="Show it on the graph" onClick={() => onPick(node.id)}>
      {nodeName(node)}
    </button>
  )
}

function DiffGroup({ label, kind, children }: { label: string; kind: string; children: ReactNode }) {
  return (
    <div className={`wf-diff-group wf-diff-${kind}`}>
      <h3>{label}</h3>
      <ul aria-label={label}>{children}</ul>
    </div>
  )
}

/** "seed: 1 → 2"; a side that had no such value reads "(none)". */
function ValueLine({ name, change }: { name: string; change: Change }) {
  return (
    <li>
      <span className="wf-diff-name">{name}</span>: <del>{changeText(change.old, change.old !== undefined)}</del> →{' '}
      <ins>{changeText(change.new, change.new !== undefined)}</ins>
    </li>
  )
}

/** "#4 output 0 → #11 images (IMAGE)". */
function linkText(link: Link): string {
  return `#${link.from.node} output ${link.from.slot} → #${link.to.node} ${link.to.input}${link.type ? ` (${link.type})` : ''}`
}
