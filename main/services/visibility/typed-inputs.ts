import { z } from 'zod'

/** Gathers the ids an input holds. */
type IdReader = (input: unknown) => string[]

const NONE: IdReader = () => []

/**
 * How to read every id of one kind an input of `schema` holds: each field typed `id` (the contract's one schema of
 * that id: `AssetId`, `WorkflowId`), inside objects, arrays, unions, optional, nullable and default values; null when
 * it holds none. A channel added later that takes such an id is read by it with no list to keep.
 */
export function idReader(schema: z.ZodType, id: z.ZodType): IdReader | null {
  const reader = readerOf(schema, id)
  return reader === NONE ? null : reader
}

function readerOf(schema: z.ZodType, id: z.ZodType): IdReader {
  if (schema === id) return (value) => (typeof value === 'string' ? [value] : [])
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return readerOf(schema.unwrap() as z.ZodType, id)
  }
  if (schema instanceof z.ZodArray) {
    const element = readerOf(schema.element as z.ZodType, id)
    return element === NONE ? NONE : (value) => (Array.isArray(value) ? value.flatMap(element) : [])
  }
  if (schema instanceof z.ZodObject) {
    const fields = Object.entries(schema.shape as Record<string, z.ZodType>)
      .map(([key, field]) => [key, readerOf(field, id)] as const)
      .filter(([, reader]) => reader !== NONE)
    if (fields.length === 0) return NONE
    return (value) => {
      if (typeof value !== 'object' || value === null) return []
      const record = value as Record<string, unknown>
      return fields.flatMap(([key, reader]) => reader(record[key]))
    }
  }
  if (schema instanceof z.ZodUnion) {
    const options = (schema.options as z.ZodType[])
      .map((option) => readerOf(option, id))
      .filter((reader) => reader !== NONE)
    return options.length === 0 ? NONE : (value) => [...new Set(options.flatMap((reader) => reader(value)))]
  }
  return NONE
}
