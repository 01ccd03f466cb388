// ComfyUI groups: titled boxes on the canvas; a node belongs to the innermost box holding its centre
// (the frontend's own rule since it stopped requiring the whole node inside).
import { isRecord, list, num, text } from './read'
import type { GraphGroup, GraphNode } from './types'

/** The groups of a ComfyUI graph that have a usable bounding box. */
export function readGroups(value: unknown): GraphGroup[] {
  return list(value).flatMap((item, index) => {
    if (!isRecord(item)) return []
    const box = list(item.bounding ?? item.bound).map(num)
    const [x, y, width, height] = box
    if (box.length !== 4 || x === undefined || y === undefined || width === undefined || height === undefined) {
      return []
    }
    const id = num(item.id) !== undefined ? String(item.id) : `group-${index}`
    const color = text(item.color)
    return [{ id, title: text(item.title) ?? 'Group', bounds: { x, y, width, height }, ...(color ? { color } : {}) }]
  })
}

/** Sets each positioned node's group: the smallest group box that holds the node's centre. */
export function assignGroups(nodes: GraphNode[], groups: GraphGroup[]): void {
  if (groups.length === 0) return
  const bySize = [...groups].sort((a, b) => a.bounds.width * a.bounds.height - b.bounds.width * b.bounds.height)
  for (const node of nodes) {
    if (!node.position) continue
    const cx = node.position.x + (node.size?.width ?? 0) / 2
    const cy = node.position.y + (node.size?.height ?? 0) / 2
    const inside = bySize.find(({ bounds: b }) => cx >= b.x && cx <= b.x + b.width && cy >= b.y && cy <= b.y + b.height)
    node.group = inside?.id ?? null
  }
}
