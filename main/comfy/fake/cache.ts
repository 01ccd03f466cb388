import type { FakeNode, FakePrompt } from './prompt'

type Json = Record<string, unknown>
type Known = { classType: string; inputsText: string; output: Json | null }

/** Whether an input is a link `[node id, output slot]`. */
export const isLink = (value: unknown): value is [string | number, number] =>
  Array.isArray(value) && value.length === 2 && (typeof value[0] === 'string' || typeof value[0] === 'number')

/** The node ids a node's links name. */
export const linkedIds = (node: FakeNode): string[] =>
  Object.values(node.inputs)
    .filter(isLink)
    .map((link) => String(link[0]))

/**
 * ComfyUI's output cache as the fake keeps it: a node is answered from the cache when it has the
 * class and the very input text it ran with before and everything upstream is cached too
 * (comparing text, so seeds past 2^53 that round alike still differ).
 */
export class RunCache {
  private readonly known = new Map<string, Known>()

  /** The nodes of `order` the cache answers. */
  cachedOf(prompt: FakePrompt, order: string[]): Set<string> {
    const verdicts = new Map<string, boolean>()
    const cached = (id: string): boolean => {
      const seen = verdicts.get(id)
      if (seen !== undefined) return seen
      verdicts.set(id, false)
      const node = prompt.nodes.get(id)
      const known = this.known.get(id)
      const same = !!node && known?.classType === node.classType && known.inputsText === node.inputsText
      const verdict = same && linkedIds(node).every(cached)
      verdicts.set(id, verdict)
      return verdict
    }
    return new Set(order.filter(cached))
  }

  /** The UI output a cached node gave when it ran (sent again, as ComfyUI does), or null. */
  outputOf(id: string): Json | null {
    return this.known.get(id)?.output ?? null
  }

  /** Keeps what ran (or was cached) in this prompt; forgets nodes the prompt no longer has. */
  remember(prompt: FakePrompt, ids: Iterable<string>, outputs: Record<string, Json>): void {
    for (const id of this.known.keys()) if (!prompt.nodes.has(id)) this.known.delete(id)
    for (const id of ids) {
      const node = prompt.nodes.get(id)
      if (node)
        this.known.set(id, { classType: node.classType, inputsText: node.inputsText, output: outputs[id] ?? null })
    }
  }
}
