import type { z } from 'zod'

/**
 * A `superRefine` check that no two items of an array share a `key`: each repeat gets `message`
 * at its own index (and `field` under it, when the key is one field of the item), so the caller
 * sees which entry to drop.
 */
export function eachOnce<T>(key: (item: T) => string, message: string, field?: string) {
  return (items: T[], ctx: z.RefinementCtx<T[]>): void => {
    const seen = new Set<string>()
    items.forEach((item, index) => {
      const value = key(item)
      if (seen.has(value)) ctx.addIssue({ code: 'custom', path: field ? [index, field] : [index], message })
      seen.add(value)
    })
  }
}
