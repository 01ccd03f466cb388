import type { Library, Uses } from '../library-context'
import { followImport, startedImport } from './activity-imports'
import { pushWords } from './activity-words'

type ActLib = Uses<'activity'> & Partial<Pick<Library, 'importer' | 'jobs'>>

/** One call of an act, as its entry folds it in: the client's action, what the call sent and answered. */
export interface ActCall {
  channel: string
  input: unknown
  output: unknown
  action: string
}

/** What an act's entry keeps as its input: the files its calls sent, and the imports of them on the hub. */
interface ActState {
  files: number
  imports: string[]
}

// An act's entry is changed by its calls and by the ends of its imports, which can come at once: one at a time, in
// the order they came (by person and action; the first call makes the entry).
const turns = new Map<string, Promise<void>>()

/**
 * One call of an act (a push) folded into the act's one entry, "pushed 13 assets (10 new)": the assets its calls
 * named, and, as each import the act started ends, the assets its files became and how many were new.
 */
export async function recordActCall(
  lib: ActLib,
  person: { id: number; name: string },
  call: ActCall,
  assetIds: readonly string[],
): Promise<void> {
  const { activity } = lib.catalog.repos
  const job = startedImport(call)
  const sent = call.channel === 'media:import-uploads' ? (call.input as { uploads: unknown[] }).uploads.length : 0
  const turn = `${person.id} ${call.action}`
  let entryId = 0
  await inTurn(turn, async () => {
    const entry = await activity.ofAction(call.action, person.id)
    const was = entry ? actState(entry.input) : { files: 0, imports: [] }
    const act = { files: was.files + sent, imports: job ? [...was.imports, job.id] : was.imports }
    entryId =
      entry?.id ??
      (await activity.record({
        at: new Date().toISOString(),
        personId: person.id,
        person: person.name,
        channel: 'push:start',
        input: JSON.stringify(act),
        kind: 'push',
        words: pushWords({ files: act.files, assets: 0, fresh: 0 }),
        action: call.action,
        linkId: null,
        assetIds: [],
      }))
    await activity.addAssets(entryId, assetIds)
    await rewordAct(lib, entryId, act)
  })
  if (job) {
    followImport(lib, job.id, () =>
      inTurn(turn, async () => {
        await activity.addImportedAssets(entryId, job.id)
        const entry = await activity.get(entryId)
        if (entry) await rewordAct(lib, entryId, actState(entry.input))
      }),
    )
  }
}

/** Says an act's entry anew from what its calls and ended imports add up to. */
async function rewordAct(lib: Uses<'activity'>, id: number, act: ActState): Promise<void> {
  const { activity } = lib.catalog.repos
  const [assets, fresh] = await Promise.all([activity.assetCount(id), activity.importedCount(act.imports)])
  await activity.reword(id, pushWords({ files: act.files, assets, fresh }), JSON.stringify(act))
}

/** An act's input as kept (entries from before imports were kept name none). */
function actState(input: string): ActState {
  const kept = JSON.parse(input) as Partial<ActState>
  return { files: kept.files ?? 0, imports: kept.imports ?? [] }
}

/** Runs `work` after the work queued before it under `key`, and settles with it. */
function inTurn(key: string, work: () => Promise<void>): Promise<void> {
  const done = (turns.get(key) ?? Promise.resolve()).then(work)
  const settled = done.catch(() => undefined)
  turns.set(key, settled)
  void settled.then(() => {
    if (turns.get(key) === settled) turns.delete(key)
  })
  return done
}
