import { z } from 'zod'
import { MediaAsset } from '../../../shared/contract'

/** Copies an answer without the notes it holds. */
type Scrub = (value: unknown) => unknown

const KEEP: Scrub = (value) => value
// The asset's fields that tell its notes: the notes, and a search's reason when the hit was in them.
const NOTES = MediaAsset.shape.notes
const MATCHED = MediaAsset.shape.matched

/**
 * How to copy an answer of `schema` without an asset's internal notes (issue 60 point 3), for whoever may not read
 * them: every object holding the asset's `notes` field (MediaAsset and what extends or picks from it, anywhere in
 * the answer) gets null notes, and a search reason found in the notes is left out. Null when the answer holds none.
 */
export function notesScrubber(schema: z.ZodType): Scrub | null {
  const scrub = scrubberOf(schema)
  return scrub === KEEP ? null : scrub
}

function scrubberOf(schema: z.ZodType): Scrub {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return scrubberOf(schema.unwrap() as z.ZodType)
  }
  if (schema instanceof z.ZodArray) {
    const element = scrubberOf(schema.element as z.ZodType)
    return element === KEEP ? KEEP : (value) => (Array.isArray(value) ? value.map(element) : value)
  }
  if (schema instanceof z.ZodUnion) {
    const options = (schema.options as z.ZodType[]).map(scrubberOf).filter((scrub) => scrub !== KEEP)
    return options.length === 0 ? KEEP : (value) => options.reduce((scrubbed, scrub) => scrub(scrubbed), value)
  }
  if (!(schema instanceof z.ZodObject)) return KEEP
  const shape = schema.shape as Record<string, z.ZodType>
  const fields = Object.entries(shape)
    .map(([key, field]) => [key, scrubberOf(field)] as const)
    .filter(([, scrub]) => scrub !== KEEP)
  const holdsNotes = shape.notes === NOTES
  const holdsReason = shape.matched === MATCHED
  if (fields.length === 0 && !holdsNotes && !holdsReason) return KEEP
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) }
    for (const [key, scrub] of fields) if (key in copy) copy[key] = scrub(copy[key])
    if (holdsNotes && 'notes' in copy) copy.notes = null
    if (holdsReason && (copy.matched as { field?: string } | undefined)?.field === 'notes') delete copy.matched
    return copy
  }
}
