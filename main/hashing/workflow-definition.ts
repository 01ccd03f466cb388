import { graphShape, toGraph, type StoredFormat } from '../../shared/workflow-graph'
import { configHash, PyFloat } from './canonical-json'
import { parseConfigText } from './config-text'

/**
 * A workflow definition's JSON text read exactly: integers past 2^53 as bigints (a seed of 2^64 − 1
 * keeps every digit), floats as numbers, objects without prototype. Undefined when the text is not
 * strict JSON (Python's bare NaN): the caller falls back to the value it parsed leniently.
 */
export function readExactJson(text: string): unknown {
  let value: unknown
  try {
    value = parseConfigText(text)
  } catch {
    return undefined
  }
  return plainNumbers(value)
}

/**
 * A definition's content hash, "sha256:…" of its canonical JSON as Python's json.loads/json.dumps
 * (sort_keys) would write it, read from the exact text so two seeds past 2^53 that round to one JS
 * number stay two definitions; `value` (parsed however the caller did) when the text is not strict JSON.
 */
export function definitionContentHash(text: string, value: unknown): string {
  try {
    return configHash(parseConfigText(text))
  } catch {
    return configHash(value)
  }
}

/** The hash of a definition's shape (node ids, node types, links): one per version of a workflow. */
export function definitionShapeHash(value: unknown, format: StoredFormat): string {
  return configHash(graphShape(toGraph(value, format)))
}

/** parseConfigText's floats back to numbers (the graph reader and the diff compare numbers); bigints stay. */
function plainNumbers(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = plainNumbers(value[i])
    return value
  }
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) record[key] = plainNumbers(record[key])
  return record
}
