import { describe, expect, it } from 'vitest'
import type { Role } from '../../../shared/access'
import type { ChannelOutput, InboxEntry } from '../../../shared/contract'
import { dispatch, type Caller } from '../../../main/dispatch'
import type { Library } from '../../../main/services/library-context'
import { addToCollection, createCollection } from '../../../main/services/collections/collections'
import { shareCollection, unshareCollection } from '../../../main/services/collections/shares'
import { addPerson } from '../../../main/services/people/people'
import { seedAssets } from '../../helpers/assets'
import { librariesOfBothEngines } from '../../helpers/both-engines'

const { libraries } = librariesOfBothEngines()

type Who = 'tester' | 'ada' | 'bo' | 'cleo' | 'vic'
const PEOPLE: ReadonlyArray<[Who, string, Role]> = [
  // seedAssets' assets say 'tester' imported them.
  ['tester', 'tester', 'editor'],
  ['ada', 'Ada', 'admin'],
  ['bo', 'Bo', 'editor'],
  ['cleo', 'Cleo', 'commenter'],
  ['vic', 'Vic', 'viewer'],
]

/**
 * A hub's people on 10 assets that 'tester' imported: Cleo, a commenter (a client), is limited to "Client picks"
 * (the first three assets); everyone else sees every asset. Each call goes through dispatch as that person.
 */
async function teamLibrary(open: () => Promise<Library>) {
  const lib = await open()
  const ids = (await seedAssets(lib, 10)).map((asset) => asset.id)
  const callers = {} as Record<Who, Caller>
  for (const [who, name, role] of PEOPLE) {
    const { person } = await addPerson(lib, { name, role }, null)
    callers[who] = { role, scope: person.scope, person: { id: person.id, name } }
  }
  const { collection: picks } = await createCollection(lib, 'Client picks')
  await addToCollection(lib, picks.id, ids.slice(0, 3))
  await shareCollection({ ...lib, actor: 'Ada' }, picks.id, { personId: callers.cleo.person!.id })
  const call = async <T>(who: Who, channel: string, input: unknown): Promise<T> => {
    const answer = await dispatch(lib, channel, input, callers[who])
    if (!answer.ok) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`)
    return answer.data as T
  }
  const inbox = (who: Who, input: object = {}) => call<ChannelOutput<'inbox:list'>>(who, 'inbox:list', input)
  const comment = async (who: Who, input: object) =>
    (await call<ChannelOutput<'comments:add'>>(who, 'comments:add', input)).comment
  return { lib, ids, picks, callers, call, inbox, comment }
}

const summary = (entries: InboxEntry[]) => entries.map((e) => [e.kind, e.by, e.asset.id, e.status, e.read])

describe.each(Object.entries(libraries))('each person’s inbox, on %s', (_name, open) => {
  it('holds mentions, replies to one’s comments and status changes on assets one imported or commented on', async () => {
    const { ids, inbox, comment, call } = await teamLibrary(open)
    const asked = await comment('ada', {
      assetId: ids[0],
      body: 'colour is off, @Bo and @Cleo? (@Ada notes it)',
      at: 3,
    })
    await comment('bo', { assetId: ids[0], body: 'on it', replyTo: asked.id })
    await call('bo', 'review:set', { assetId: ids[0], status: 'needs-changes', comment: 'grade again' })

    const bo = await inbox('bo')
    expect(summary(bo.entries)).toEqual([['mention', 'Ada', ids[0], null, false]])
    expect(bo.entries[0]!.comment).toEqual({ id: asked.id, body: asked.body, at: 3 })
    expect(bo.unread).toBe(1)
    // Newest first: the status change Bo set (carrying his comment), then his reply to her.
    const ada = await inbox('ada')
    expect(summary(ada.entries)).toEqual([
      ['status', 'Bo', ids[0], 'needs-changes', false],
      ['reply', 'Bo', ids[0], null, false],
    ])
    expect(ada.entries[0]!.comment?.body).toBe('grade again')
    expect(ada.entries[1]!.comment?.body).toBe('on it')
    // 'tester' imported the asset; Cleo was mentioned but neither imported nor commented on it.
    expect(summary((await inbox('tester')).entries)).toEqual([['status', 'Bo', ids[0], 'needs-changes', false]])
    expect(summary((await inbox('cleo')).entries)).toEqual([['mention', 'Ada', ids[0], null, false]])
    expect(await inbox('vic')).toEqual({ entries: [], unread: 0, next: null })
  })

  it('names no asset the person may not see, and follows their share as it ends', async () => {
    const { ids, picks, callers, lib, inbox, comment } = await teamLibrary(open)
    await comment('ada', { assetId: ids[1], body: '@Cleo @Vic shared' })
    await comment('ada', { assetId: ids[7], body: '@Cleo @Vic internal' })
    const cleo = await inbox('cleo')
    expect(cleo.entries.map((e) => [e.asset.id, e.comment?.body])).toEqual([[ids[1], '@Cleo @Vic shared']])
    expect(cleo.unread).toBe(1)
    expect((await inbox('vic')).entries.map((e) => e.asset.id)).toEqual([ids[7], ids[1]])
    await unshareCollection(lib, picks.id, { personId: callers.cleo.person!.id })
    expect(await inbox('cleo')).toEqual({ entries: [], unread: 0, next: null })
  })

  it('marks entries read one by one or all up to the newest shown, and pages older entries', async () => {
    const { ids, inbox, comment, call } = await teamLibrary(open)
    for (const n of [1, 2, 3, 4, 5]) await comment('ada', { assetId: ids[n], body: `@Bo take ${n}` })
    const first = await inbox('bo', { limit: 2 })
    expect(first.entries.map((e) => e.comment?.body)).toEqual(['@Bo take 5', '@Bo take 4'])
    expect([first.unread, first.next]).toEqual([5, first.entries[1]!.id])
    const older = await inbox('bo', { limit: 10, before: first.next })
    expect(older.entries.map((e) => e.comment?.body)).toEqual(['@Bo take 3', '@Bo take 2', '@Bo take 1'])
    expect(older.next).toBeNull()

    expect(await call('bo', 'inbox:read', { ids: [older.entries[0]!.id] })).toEqual({ unread: 4 })
    // Another person's entries are not theirs to mark.
    const adaAsked = await comment('bo', { assetId: ids[1], body: '@Ada see' })
    const adaEntry = (await inbox('ada')).entries[0]!
    expect(adaEntry.comment?.id).toBe(adaAsked.id)
    expect(await call('bo', 'inbox:read', { ids: [adaEntry.id] })).toEqual({ unread: 4 })
    expect(await call('bo', 'inbox:read-all', { upTo: first.entries[0]!.id })).toEqual({ unread: 0 })
    expect((await inbox('ada')).unread).toBe(1)
    await comment('ada', { assetId: ids[6], body: 'once more @bo' })
    const after = await inbox('bo')
    expect(after.unread).toBe(1)
    expect(after.entries.map((e) => e.read)).toEqual([false, true, true, true, true, true])
  })

  it('follows a comment’s edits and its deletion', async () => {
    const { ids, inbox, comment, call } = await teamLibrary(open)
    const said = await comment('ada', { assetId: ids[2], body: 'for @Bo' })
    await call('ada', 'comments:edit', { id: said.id, body: 'for @Vic, not Bo' })
    expect((await inbox('bo')).entries).toEqual([])
    expect((await inbox('vic')).entries.map((e) => e.comment?.body)).toEqual(['for @Vic, not Bo'])
    const reply = await comment('bo', { assetId: ids[2], body: 'fine', replyTo: said.id })
    expect((await inbox('ada')).entries.map((e) => e.kind)).toEqual(['reply'])
    await call('bo', 'comments:delete', { id: reply.id })
    await call('ada', 'comments:delete', { id: said.id })
    expect(await inbox('ada')).toEqual({ entries: [], unread: 0, next: null })
    expect(await inbox('vic')).toEqual({ entries: [], unread: 0, next: null })
  })

  it('loses nothing when one person mentions another who marks all read at the same time', async () => {
    const { ids, inbox, comment, call } = await teamLibrary(open)
    for (const n of [0, 1, 2, 3, 4]) await comment('ada', { assetId: ids[n], body: `@Bo early ${n}` })
    const shown = await inbox('bo')
    const upTo = shown.entries[0]!.id
    const late = [5, 6, 7, 8, 9, 0, 1, 2, 3, 4]
    await Promise.all([
      ...late.map((n, i) => comment('ada', { assetId: ids[n], body: `@Bo late ${i}` })),
      call('bo', 'inbox:read-all', { upTo }),
    ])
    const after = await inbox('bo', { limit: 200 })
    expect(after.entries).toHaveLength(15)
    expect(after.unread).toBe(10)
    for (const entry of after.entries)
      expect([entry.comment?.body.includes('early'), entry.read]).toEqual([entry.id <= upTo, entry.id <= upTo])
  })

  it('is there for every role, each reading and marking their own', async () => {
    const { ids, inbox, comment, call } = await teamLibrary(open)
    await comment('cleo', { assetId: ids[0], body: '@tester @Ada @Bo @Vic from the client' })
    for (const who of ['tester', 'ada', 'bo', 'vic'] as const) {
      const mine = await inbox(who)
      expect(summary(mine.entries)).toEqual([['mention', 'Cleo', ids[0], null, false]])
      expect(await call(who, 'inbox:read-all', { upTo: mine.entries[0]!.id })).toEqual({ unread: 0 })
    }
    await comment('ada', { assetId: ids[0], body: '@Cleo thanks' })
    const cleo = await inbox('cleo')
    expect(summary(cleo.entries)).toEqual([['mention', 'Ada', ids[0], null, false]])
    expect(await call('cleo', 'inbox:read', { ids: [cleo.entries[0]!.id] })).toEqual({ unread: 0 })
  })
})
