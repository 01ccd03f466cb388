import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useMemo, useRef, useState } from 'react'
import type { CheckpointNode } from '../../../../shared/contract'
import { isFiltered, keyStats, stageOf, statWords, visibleRows, type TreeQuery, type TreeRow } from './checkpoint-tree'

const ROW_HEIGHT = 34
const INDENT = 18

/** What a tree is told: its nodes (one timeline's), how to show them, the selected node and the ticked ones. */
export interface TreeProps {
  label: string
  nodes: readonly CheckpointNode[]
  query: TreeQuery
  selected: number | null
  onSelect(id: number): void
  ticked: ReadonlySet<number>
  onTick(id: number, on: boolean): void
}

/** A checkpoint as its row and its panel name it: "#12 text". */
export const checkpointName = (node: CheckpointNode) => `#${node.id} ${stageOf(node)}`

/**
 * One timeline's checkpoint tree as a list (each line's depth its level, a branch's toggle its aria-expanded),
 * only the lines in view drawn, so a tree of thousands draws as fast as one of twenty.
 */
export function CheckpointTree({ label, nodes, query, selected, onSelect, ticked, onTick }: TreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set())
  const rows = useMemo(() => visibleRows(nodes, query, collapsed), [nodes, query, collapsed])
  const byId = useMemo(() => new Map(nodes.map((node) => [node.id, node])), [nodes])
  const scroller = useRef<HTMLDivElement>(null)
  // The virtualizer's functions change as it scrolls: the compiler must not memoize this component (it does not).
  // eslint-disable-next-line react-hooks/incompatible-library
  const list = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })
  const toggle = (id: number) => {
    const next = new Set(collapsed)
    if (!next.delete(id)) next.add(id)
    setCollapsed(next)
  }
  if (rows.length === 0) return <p className="muted">No checkpoint of this timeline matches.</p>
  const marked = isFiltered(query)
  return (
    <div ref={scroller} className="pl-tree-scroll" style={{ height: Math.min(rows.length, 12) * ROW_HEIGHT + 2 }}>
      <ul className="pl-tree" aria-label={label} style={{ height: list.getTotalSize() }}>
        {list.getVirtualItems().map((item) => {
          const row = rows[item.index]
          return (
            <TreeLine
              key={row.node.id}
              row={row}
              top={item.start}
              parent={byId.get(row.node.parentId ?? -1)}
              dimmed={marked && !row.match}
              selected={row.node.id === selected}
              ticked={ticked.has(row.node.id)}
              onSelect={onSelect}
              onTick={onTick}
              onToggle={toggle}
            />
          )
        })}
      </ul>
    </div>
  )
}

const TreeLine = memo(function TreeLine(props: {
  row: TreeRow
  top: number
  parent: CheckpointNode | undefined
  dimmed: boolean
  selected: boolean
  ticked: boolean
  onSelect(id: number): void
  onTick(id: number, on: boolean): void
  onToggle(id: number): void
}) {
  const { row, parent, selected, ticked } = props
  const { node } = row
  const name = checkpointName(node)
  const when = new Date(node.createdAt)
  return (
    <li
      className={`pl-node${props.dimmed ? ' context' : ''}${selected ? ' selected' : ''}`}
      aria-level={row.depth + 1}
      aria-posinset={row.position}
      aria-setsize={row.siblings}
      style={{ transform: `translateY(${props.top}px)`, paddingLeft: row.depth * INDENT }}
    >
      {row.childCount > 0 ? (
        <button
          type="button"
          className="pl-toggle"
          aria-expanded={row.expanded}
          aria-label={`Branches under ${name}`}
          onClick={() => props.onToggle(node.id)}
        >
          <span aria-hidden="true">{row.expanded ? '▾' : '▸'}</span>
        </button>
      ) : (
        <span className="pl-toggle" aria-hidden="true" />
      )}
      <input
        type="checkbox"
        checked={ticked}
        aria-label={`Compare ${name}`}
        onChange={(event) => props.onTick(node.id, event.target.checked)}
      />
      <button type="button" className="pl-node-main" aria-pressed={selected} onClick={() => props.onSelect(node.id)}>
        <span className="pl-stage">{name}</span>
        {node.cached && <span className="pl-mark">cached</span>}
        {node.pinned && <span className="pl-mark">pinned</span>}
        {node.isScenario && <span className="pl-badge">scenario: {node.scenarioLabel}</span>}
        <time dateTime={node.createdAt} title={when.toLocaleString()}>
          {when.toLocaleTimeString()}
        </time>
        <span className="pl-stats">
          {keyStats(node, parent)
            .map(([stat, value]) => statWords(stat, value))
            .join(' · ')}
        </span>
      </button>
    </li>
  )
})
