// A workflow's shape (issue 20 point 1): the nodes, their types and the links, nothing else. Two
// definitions of one shape are runs of one version with other inputs (seed, prompt, steps…).
import type { Graph, GraphNode } from './types'

/** A link between two nodes of a flattened graph (subgraph nodes by their full id). */
export interface FlatLink {
  from: { node: string; slot: number | string }
  to: { node: string; input: string }
  type: string | null
}

/** Every node by its full id (ComfyUI names a node inside a subgraph instance "<instance>:<inner>") and every link. */
export interface FlatGraph {
  nodes: Map<string, GraphNode>
  links: FlatLink[]
}

/** The graph with its subgraphs opened into one level, ids prefixed the way ComfyUI's prompts name them. */
export function flattenGraph(graph: Graph): FlatGraph {
  const nodes = new Map<string, GraphNode>()
  const links: FlatLink[] = []
  const pending: { level: Graph; prefix: string }[] = [{ level: graph, prefix: '' }]
  while (pending.length > 0) {
    const { level, prefix } = pending.pop()!
    for (const node of level.nodes) {
      const id = prefix + node.id
      nodes.set(id, node)
      if (node.subgraph) pending.push({ level: node.subgraph, prefix: `${id}:` })
    }
    for (const edge of level.edges) {
      links.push({
        from: { node: prefix + edge.from.node, slot: edge.from.slot },
        to: { node: prefix + edge.to.node, input: edge.to.input },
        type: edge.type,
      })
    }
  }
  return { nodes, links }
}

/** A link as one comparable key: which output of which node feeds which input of which node. */
export function linkKey(link: FlatLink): string {
  return JSON.stringify([link.from.node, String(link.from.slot), link.to.node, link.to.input])
}

/**
 * What makes a version: node ids with their types, and the links, sorted. Widget values, titles,
 * modes, positions, sizes, colours and groups are left out: changing them is another run of the
 * same version. A JSON value, so main hashes it like any other.
 */
export function graphShape(graph: Graph): { nodes: string[][]; links: string[] } {
  const flat = flattenGraph(graph)
  const nodes = [...flat.nodes].map(([id, node]) => [id, node.type]).sort((a, b) => compare(a[0]!, b[0]!))
  const links = [...new Set(flat.links.map(linkKey))].sort(compare)
  return { nodes, links }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
