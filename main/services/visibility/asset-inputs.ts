import { z } from 'zod'
import { AssetId } from '../../../shared/contract'

/** Gathers the asset ids an input holds. */
type IdReader = (input: unknown) => string[]

const NONE: IdReader = () => []

/**
 * How to read every asset id an input of `schema` holds: each field typed `AssetId` (the contract's one asset id
 * schema), inside objects, arrays, unions, optional, nullable and default values; null when it holds none. A channel
 * added later that takes an asset id is read by it with no list to keep.
 */
export function assetIdReader(schema: z.ZodType): IdReader | null {
  const reader = readerOf(schema)
  return reader === NONE ? null : reader
}

function readerOf(schema: z.ZodType): IdReader {
  if (schema === AssetId) return (value) => (typeof value === 'string' ? [value] : [])
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return readerOf(schema.unwrap() as z.ZodType)
  }
  if (schema instanceof z.ZodArray) {
    const element = readerOf(schema.element as z.ZodType)
    return element === NONE ? NONE : (value) => (Array.isArray(value) ? value.flatMap(element) : [])
  }
  if (schema instanceof z.ZodObject) {
    const fields = Object.entries(schema.shape as Record<string, z.ZodType>)
      .map(([key, field]) => [key, readerOf(field)] as const)
      .filter(([, reader]) => reader !== NONE)
    if (fields.length === 0) return NONE
    return (value) => {
      if (typeof value !== 'object' || value === null) return []
      const record = value as Record<string, unknown>
      return fields.flatMap(([key, reader]) => reader(record[key]))
    }
  }
  if (schema instanceof z.ZodUnion) {
    const options = (schema.options as z.ZodType[]).map(readerOf).filter((reader) => reader !== NONE)
    return options.length === 0 ? NONE : (value) => [...new Set(options.flatMap((reader) => reader(value)))]
  }
  return NONE
}
