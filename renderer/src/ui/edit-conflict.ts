import { EditConflict } from '../../../shared/contract'
import type { ErrorShape } from '../../../shared/errors'

/**
 * The stored value a refusal of a stale save carries (issue 64: `conflict` with EditConflict details), or null for
 * any other failure (a taken name is a `conflict` too, without them).
 */
export function editConflictOf(failure: ErrorShape | undefined): EditConflict | null {
  if (failure?.code !== 'conflict') return null
  const parsed = EditConflict.safeParse(failure.details)
  return parsed.success ? parsed.data : null
}
