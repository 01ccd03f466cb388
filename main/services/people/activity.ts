import { AppError } from '../../../shared/errors'
import type { Channel } from '../../../shared/contract'
import type { Library, Uses } from '../library-context'
import { ACTIVITY_INPUT_CHARS, type ActivityQuery, type ActivityRow } from '../../db/repos/activity'
import { recordActCall } from './activity-acts'
import { followImport, importEnded, startedImport } from './activity-imports'
import { describeActivity } from './activity-words'

// Fields of an input never kept in the log: a review link's password, a team library's token.
const SECRETS = new Set(['password', 'token'])

type Lib = Uses<'activity' | 'collections' | 'importItems' | 'media'> & Partial<Pick<Library, 'importer' | 'jobs'>>

/**
 * Who acted: a signed-in person, or a guest of a review link (no account: the name they typed, marked "(guest)",
 * and the link they came by).
 */
export type Actor = { id: number; name: string; linkId?: undefined } | { id: null; name: string; linkId: number }

/** One call that changed the library: what was asked (parsed) and answered, its state before, the act it is part of. */
export interface RecordedCall {
  channel: Channel
  input: unknown
  output: unknown
  /** What the change changed from, read before it was made (activity-before.ts). */
  before?: unknown
  /** The client's name for the act the call is part of (`push:<uuid>`): its calls are one entry. */
  action?: string
}

/**
 * Records that `actor` changed the library, in words: one entry a call, or one a whole act (a push's calls). Called
 * once the change is made: a record that cannot be written is logged and the call still answers (what it did is done).
 * An import's entry is completed when its job ends (what its files came to, the assets they became).
 */
export async function recordActivity(lib: Lib, actor: Actor, call: RecordedCall): Promise<void> {
  try {
    const facts = await describeActivity(lib, call)
    if (call.action !== undefined && actor.id !== null) {
      return await recordActCall(lib, actor, { ...call, action: call.action }, facts.assetIds)
    }
    const text =
      JSON.stringify(call.input, (key, value: unknown) => (SECRETS.has(key) ? '(not kept)' : value)) ?? 'null'
    const id = await lib.catalog.repos.activity.record({
      at: new Date().toISOString(),
      personId: actor.id,
      person: actor.name,
      channel: call.channel,
      input: text.length > ACTIVITY_INPUT_CHARS ? `${text.slice(0, ACTIVITY_INPUT_CHARS)}…` : text,
      kind: facts.kind,
      words: facts.words,
      action: null,
      linkId: actor.linkId ?? null,
      assetIds: facts.assetIds,
    })
    const job = startedImport(call)
    if (job) followImport(lib, job.id, (state) => importEnded(lib, id, job.id, state))
  } catch (error) {
    console.error(`The activity of ${actor.name} on ${call.channel} was not recorded:`, error)
  }
}

/** A page of the activity log, newest first, and where the next (older) page starts. */
export async function activityPage(
  lib: Uses<'activity'>,
  query: ActivityQuery,
): Promise<{ entries: ActivityRow[]; next: number | null }> {
  // Times as the log keeps them (UTC, Z), so they compare as text; one more than asked tells whether an older page exists.
  const utc = (time: string | undefined) => {
    if (time === undefined) return undefined
    const date = new Date(time)
    if (Number.isNaN(date.getTime())) throw new AppError('validation', `${time} is not a time.`)
    return date.toISOString()
  }
  const rows = await lib.catalog.repos.activity.page({
    ...query,
    from: utc(query.from),
    to: utc(query.to),
    limit: query.limit + 1,
  })
  const entries = rows.slice(0, query.limit)
  return { entries, next: rows.length > query.limit ? entries.at(-1)!.id : null }
}
