import { AppError } from '../../../shared/errors'
import type { Channel } from '../../../shared/contract'
import type { Uses } from '../library-context'
import { ACTIVITY_INPUT_CHARS, type ActivityQuery, type ActivityRow } from '../../db/repos/activity'
import { describeActivity } from './activity-words'

type Lib = Uses<'activity' | 'collections' | 'media'>

/** One call that changed the library: what was asked and answered, the name read before it, the act it is part of. */
export interface RecordedCall {
  channel: Channel
  input: unknown
  output: unknown
  before?: string
  /** The client's name for the act the call is part of (`push:<uuid>`): its calls are one entry. */
  action?: string
}

/**
 * Records that `person` changed the library, in words: one entry a call, or one a whole act (a push's calls). Called
 * once the change is made: a record that cannot be written is logged and the call still answers (what it did is done).
 */
export async function recordActivity(
  lib: Lib,
  person: { id: number; name: string },
  call: RecordedCall,
): Promise<void> {
  try {
    const facts = await describeActivity(lib, call)
    const { activity } = lib.catalog.repos
    if (call.action !== undefined)
      return await recordActCall(lib, person, { ...call, action: call.action }, facts.assetIds)
    const text = JSON.stringify(call.input) ?? 'null'
    await activity.record({
      at: new Date().toISOString(),
      personId: person.id,
      person: person.name,
      channel: call.channel,
      input: text.length > ACTIVITY_INPUT_CHARS ? `${text.slice(0, ACTIVITY_INPUT_CHARS)}…` : text,
      kind: facts.kind,
      words: facts.words,
      action: null,
      assetIds: facts.assetIds,
    })
  } catch (error) {
    console.error(`The activity of ${person.name} on ${call.channel} was not recorded:`, error)
  }
}

/**
 * One call of an act (a push) folded into the act's one entry: "pushed 10 new files and the details of 13 assets",
 * its input the files its calls sent so far.
 */
async function recordActCall(
  lib: Lib,
  person: { id: number; name: string },
  call: RecordedCall & { action: string },
  assetIds: readonly string[],
): Promise<void> {
  const { activity } = lib.catalog.repos
  const sent = call.channel === 'media:import-uploads' ? (call.input as { uploads: unknown[] }).uploads.length : 0
  // A push's calls come one after another from one client: the first makes the entry, the rest find it.
  const entry = await activity.ofAction(call.action, person.id)
  const files = (entry ? (JSON.parse(entry.input) as { files: number }).files : 0) + sent
  const id =
    entry?.id ??
    (await activity.record({
      at: new Date().toISOString(),
      personId: person.id,
      person: person.name,
      channel: 'push:start',
      input: '{"files":0}',
      kind: 'push',
      words: 'pushed',
      action: call.action,
      assetIds: [],
    }))
  await activity.addAssets(id, assetIds)
  const assets = (await activity.ofAction(call.action, person.id))!.assets
  const words = `pushed ${plural(files, 'new file')}${assets > 0 ? ` and the details of ${plural(assets, 'asset')}` : ''}`
  await activity.reword(id, JSON.stringify({ files }), words)
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`
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
