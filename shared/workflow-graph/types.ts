// The one graph model every workflow format is read into (issue 10, Must have 4).

/** A point on the canvas, in the format's own units (ComfyUI and InvokeAI: canvas pixels). */
export interface GraphPoint {
  x: number
  y: number
}

/** A node of a workflow: one operation with the values it was given. */
export interface GraphNode {
  /** The node id as the format writes it, as a string (ComfyUI's numbers become "3"). */
  id: string
  /** The node's class: ComfyUI `type`/`class_type`, InvokeAI invocation type, the native `type`. */
  type: string
  /** What a person named the node, else its type. */
  title: string
  /** Widget values and inputs that are values (not connections), by name. */
  parameters: Record<string, unknown>
  /** Where the format placed the node; null when it has no layout (ComfyUI API, InvokeAI graphs). */
  position: GraphPoint | null
  size?: { width: number; height: number }
  /** Id of the innermost group whose box holds the node's centre. */
  group: string | null
  /** A ComfyUI subgraph instance: the graph it stands for, shown as one node that opens. */
  subgraph?: Graph
  /** ComfyUI modes that change what a run does: a muted node never runs, a bypassed one passes its inputs on. */
  mode?: 'muted' | 'bypassed'
}

/** A connection from one node's output to another node's input. */
export interface GraphEdge {
  id: string
  /** Output slot: an index in index-addressed formats (ComfyUI, native), a field name in InvokeAI. */
  from: { node: string; slot: number | string }
  /** Input name (ComfyUI UI: the input slot's name when known, else its index as a string). */
  to: { node: string; input: string }
  /** The data type the edge carries when the format says (`MODEL`, `IMAGE`), else null. */
  type: string | null
}

/** A titled box on the canvas (ComfyUI groups). */
export interface GraphGroup {
  id: string
  title: string
  bounds: { x: number; y: number; width: number; height: number }
  color?: string
}

/** A workflow read into nodes and edges, with what could not be read. */
export interface Graph {
  nodes: GraphNode[]
  edges: GraphEdge[]
  groups?: GraphGroup[]
  /** Human-readable notes on what was skipped or guessed; empty for a clean read. */
  problems: string[]
}

/** The shapes `detectFormat` tells apart. */
export type DetectedFormat = 'comfyui-ui' | 'comfyui-api' | 'invokeai-graph' | 'invokeai-workflow' | 'native'

/** The `format` stored with a workflow row (issue 10, Must have 1). */
export type StoredFormat = 'native' | 'comfyui-ui' | 'comfyui-api' | 'invokeai'

/** Caps that keep hostile input from exhausting memory or the UI. */
export const LIMITS = {
  /** Nodes across the graph and all its subgraphs. */
  nodes: 10_000,
  /** Edges across the graph and all its subgraphs. */
  edges: 50_000,
  /** Subgraph nesting. */
  depth: 8,
  /** Problems kept (further ones are counted in one last line). */
  problems: 50,
  /** Characters of an id, type or title. */
  text: 500,
} as const
