import type { ChannelOutput } from '../../shared/contract'
import { dispatch, type Caller } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { addToCollection, createCollection } from '../../main/services/collections/collections'
import { shareCollection } from '../../main/services/collections/shares'
import { addPerson } from '../../main/services/people/people'
import { seedAssets } from './assets'

/**
 * A library of 30 assets: "Client picks" (A00000–A00004) shared with a client limited to shared collections, and
 * "Internal" (A00003, A00010–A00014) shared with no one; a viewer who sees everything beside them.
 */
export async function sharedLibrary(open: () => Promise<Library>) {
  const lib = await open()
  const ids = (await seedAssets(lib, 30)).map((asset) => asset.id)
  const { person: client } = await addPerson(lib, { name: 'Client', role: 'viewer', scope: 'shared' }, null)
  const { person: vera } = await addPerson(lib, { name: 'Vera', role: 'viewer' }, null)
  const { collection: picks } = await createCollection(lib, 'Client picks')
  const { collection: internal } = await createCollection(lib, 'Internal')
  await addToCollection(lib, picks.id, ids.slice(0, 5))
  await addToCollection(lib, internal.id, [ids[3]!, ...ids.slice(10, 15)])
  await shareCollection({ ...lib, actor: 'Ada' }, picks.id, { personId: client.id })
  const callers: Record<'client' | 'vera', Caller> = {
    client: { role: 'viewer', scope: 'shared', person: { id: client.id, name: 'Client' } },
    vera: { role: 'viewer', scope: 'all', person: { id: vera.id, name: 'Vera' } },
  }
  /** What a channel answers `who`: its data, or its error's code and message. */
  const ask = async (who: keyof typeof callers, channel: string, input: unknown) => {
    const answer = await dispatch(lib, channel, input, callers[who])
    return answer.ok ? { data: answer.data } : { error: answer.error }
  }
  const data = async <T>(who: keyof typeof callers, channel: string, input: unknown): Promise<T> => {
    const answer = await ask(who, channel, input)
    if (!('data' in answer)) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`)
    return answer.data as T
  }
  /** Every id `who` pages through for this query and filter. */
  const listed = async (who: keyof typeof callers, query?: string, filter: object = {}) => {
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const page: ChannelOutput<'media:list'> = await data(who, 'media:list', { query, filter, cursor, limit: 4 })
      ids.push(...page.items.map((item) => item.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    return ids.sort()
  }
  return { lib, ids, picks, internal, ask, data, listed }
}
