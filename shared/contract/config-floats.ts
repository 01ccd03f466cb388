import { z } from 'zod'

// Python plugins hash a config dataclass with json.dumps, which writes a `float` field holding 1 as `1.0`
// and an `int` field as `1`. A JS number cannot tell them apart, so a config schema says which of its
// fields Python declares `float`; the config hash prints those as floats.

const FLOAT = { pythonType: 'float' } as const

/** Marks a config field as one Python's dataclass declares `float` (hashed as 1.0, never 1). */
export function floatField<T extends z.ZodType>(schema: T): T {
  return schema.meta(FLOAT)
}

/** The fields of an object config schema marked with floatField, in shape order. */
export function floatFields(schema: z.ZodType): string[] {
  if (!(schema instanceof z.ZodObject)) return []
  return Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, field]) => z.globalRegistry.get(field)?.pythonType === FLOAT.pythonType)
    .map(([key]) => key)
}
