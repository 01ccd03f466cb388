// Defensive reading of untrusted JSON: every accessor tolerates any value, nothing here throws.
import { LIMITS, type GraphEdge, type GraphNode, type GraphPoint } from './types'

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A finite number, else undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** An id (string or finite number) as a bounded string, else undefined. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value.slice(0, LIMITS.text)
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** A non-empty string cut to the text limit, else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.slice(0, LIMITS.text) : undefined
}

/** A data type as one string: ComfyUI allows a string, a list of strings or a number. */
export function typeText(value: unknown): string | null {
  if (typeof value === 'string') return value.slice(0, LIMITS.text)
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (Array.isArray(value) && value.every((part) => typeof part === 'string')) {
    return value.join(',').slice(0, LIMITS.text)
  }
  return null
}

/** `[x, y]`, `{0: x, 1: y}` (old litegraph Float32Array dumps) or `{x, y}`, else null. */
export function point(value: unknown): GraphPoint | null {
  if (Array.isArray(value) || isRecord(value)) {
    const items = value as Record<string | number, unknown>
    const x = num(items[0]) ?? num(items.x)
    const y = num(items[1]) ?? num(items.y)
    if (x !== undefined && y !== undefined) return { x, y }
  }
  return null
}

/** A list when the value is one, else empty: formats that should hold arrays sometimes hold junk. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/**
 * One read's running state: the problems noted and the node/edge budgets shared by the graph and
 * its subgraphs, so a hostile file cannot multiply work through nesting.
 */
export class ReadState {
  readonly problems: string[] = []
  private dropped = 0
  private scope = ''
  nodes = 0
  edges = 0

  /** Notes a problem, keeping at most LIMITS.problems of them. */
  note(problem: string): void {
    if (this.problems.length < LIMITS.problems) this.problems.push(this.scope + problem)
    else this.dropped++
  }

  /** Runs a read whose problems are prefixed with where they happened (a subgraph's name). */
  within<T>(scope: string, read: () => T): T {
    const outer = this.scope
    this.scope = `${outer}${scope}: `
    try {
      return read()
    } finally {
      this.scope = outer
    }
  }

  /** Whether one more node fits; notes the cap once when it is reached. */
  takeNode(): boolean {
    if (this.nodes >= LIMITS.nodes) {
      if (this.nodes++ === LIMITS.nodes) this.note(`more than ${LIMITS.nodes} nodes: the rest are left out`)
      return false
    }
    this.nodes++
    return true
  }

  /** Whether one more edge fits; notes the cap once when it is reached. */
  takeEdge(): boolean {
    if (this.edges >= LIMITS.edges) {
      if (this.edges++ === LIMITS.edges) this.note(`more than ${LIMITS.edges} edges: the rest are left out`)
      return false
    }
    this.edges++
    return true
  }

  /** The problems, with a last line counting those past the cap. */
  finish(): string[] {
    return this.dropped > 0 ? [...this.problems, `${this.dropped} more problems`] : [...this.problems]
  }
}

/**
 * Adds edges whose ends are both known nodes, noting the others: a dangling edge would make the
 * graph view fail, and one edge per (from, to) pair is all a drawing can show.
 */
export function keepConnected(edges: GraphEdge[], nodes: GraphNode[], state: ReadState): GraphEdge[] {
  const known = new Set(nodes.map((node) => node.id))
  const ids = new Set<string>()
  return edges.filter((edge) => {
    const missing = [edge.from.node, edge.to.node].find((id) => !known.has(id))
    if (missing !== undefined) {
      state.note(`edge ${edge.id} points to missing node ${missing}`)
      return false
    }
    if (ids.has(edge.id)) {
      state.note(`edge ${edge.id} appears twice`)
      return false
    }
    ids.add(edge.id)
    return true
  })
}

/** Keeps the first node of each id, noting the repeats (ids key the drawing and the associations). */
export function uniqueNodes(nodes: GraphNode[], state: ReadState): GraphNode[] {
  const seen = new Set<string>()
  return nodes.filter((node) => {
    if (seen.has(node.id)) {
      state.note(`node ${node.id} appears twice: the first is kept`)
      return false
    }
    seen.add(node.id)
    return true
  })
}
