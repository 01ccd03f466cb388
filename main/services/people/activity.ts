import type { Uses } from '../library-context'
import { ACTIVITY_INPUT_CHARS, type ActivityRow } from '../../db/repos/activity'

type Lib = Uses<'activity'>

/**
 * Records that `person` changed the library through `channel` with `input`. Called once the change is made: a record
 * that cannot be written is logged and the call still answers (what it did is done).
 */
export async function recordActivity(
  lib: Lib,
  person: { id: number; name: string },
  channel: string,
  input: unknown,
): Promise<void> {
  const text = JSON.stringify(input) ?? 'null'
  const capped = text.length > ACTIVITY_INPUT_CHARS ? `${text.slice(0, ACTIVITY_INPUT_CHARS)}…` : text
  try {
    await lib.catalog.repos.activity.record({
      at: new Date().toISOString(),
      personId: person.id,
      person: person.name,
      channel,
      input: capped,
    })
  } catch (error) {
    console.error(`The activity of ${person.name} on ${channel} was not recorded:`, error)
  }
}

/** A page of the activity log, newest first, and where the next (older) page starts. */
export async function activityPage(
  lib: Lib,
  options: { before?: number; limit: number; personId?: number },
): Promise<{ entries: ActivityRow[]; next: number | null }> {
  // One more than asked tells whether an older page exists.
  const rows = await lib.catalog.repos.activity.page({ ...options, limit: options.limit + 1 })
  const entries = rows.slice(0, options.limit)
  return { entries, next: rows.length > options.limit ? entries.at(-1)!.id : null }
}
