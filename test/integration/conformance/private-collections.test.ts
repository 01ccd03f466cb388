import { describe, expect, it } from 'vitest'
import type { Role } from '../../../shared/access'
import type { ChannelOutput, Collection } from '../../../shared/contract'
import { dispatch, type Caller } from '../../../main/dispatch'
import type { Library } from '../../../main/services/library-context'
import { addToCollection, createCollection } from '../../../main/services/collections/collections'
import { shareCollection } from '../../../main/services/collections/shares'
import { addPerson } from '../../../main/services/people/people'
import { seedAssets } from '../../helpers/assets'
import { librariesOfBothEngines } from '../../helpers/both-engines'

const { libraries } = librariesOfBothEngines()

const ROLES: readonly Role[] = ['viewer', 'commenter', 'editor', 'admin']

/**
 * One person of each role (named after it), a second viewer, and a client (a commenter limited to "Client picks", the
 * first three of 10 assets); each calls through dispatch.
 */
async function team(open: () => Promise<Library>) {
  const lib = await open()
  const ids = (await seedAssets(lib, 10)).map((asset) => asset.id)
  const callers: Record<string, Caller> = {}
  const people = [
    ...ROLES.map((role) => [role, role] as const),
    ['viewer2', 'viewer'],
    ['client', 'commenter'],
  ] as const
  for (const [name, role] of people) {
    const { person } = await addPerson(lib, { name, role, scope: name === 'client' ? 'shared' : 'all' }, null)
    callers[name] = { role, scope: person.scope, person: { id: person.id, name } }
  }
  const { collection: picks } = await createCollection(lib, 'Client picks')
  await addToCollection(lib, picks.id, ids.slice(0, 3))
  await shareCollection({ ...lib, actor: 'admin' }, picks.id, { personId: callers.client!.person!.id })
  const ask = async (who: string, channel: string, input: unknown) => {
    const answer = await dispatch(lib, channel, input, callers[who])
    return answer.ok ? { data: answer.data } : { error: answer.error.code }
  }
  const create = async (who: string, input: object) =>
    ((await ask(who, 'collections:create', input)) as { data?: { collection: Collection } }).data?.collection
  const names = async (who: string) =>
    ((await ask(who, 'collections:list', {})) as { data: { collections: Collection[] } }).data.collections.map((c) =>
      c.ownerId != null ? `${c.name} (mine)` : c.name,
    )
  return { ids, picks, ask, create, names }
}

describe.each(Object.entries(libraries))('private collections, on %s', (_name, open) => {
  it('lets every role keep private collections; only editors and admins make the team’s', async () => {
    const { ask, create, names } = await team(open)
    for (const role of ROLES) {
      expect(await create(role, { name: `Own of ${role}`, private: true }), role).toMatchObject({
        ownerId: expect.any(Number),
      })
      const made = await ask(role, 'collections:create', { name: `Team of ${role}`, private: false })
      const keepsTeam = role === 'editor' || role === 'admin'
      expect(made, role).toEqual(
        keepsTeam ? { data: { collection: expect.objectContaining({ ownerId: null }) } } : { error: 'forbidden' },
      )
    }
    // Without saying: a viewer's is private (their one choice), an editor's the team's.
    expect((await create('viewer', { name: 'Unsaid' }))?.ownerId).toEqual(expect.any(Number))
    expect((await create('editor', { name: 'Unsaid' }))?.ownerId).toBeNull()
    expect(await names('viewer')).toEqual([
      'Client picks',
      'Own of viewer (mine)',
      'Team of admin',
      'Team of editor',
      'Unsaid (mine)',
      'Unsaid',
    ])
    expect(await names('admin')).toEqual([
      'Client picks',
      'Own of admin (mine)',
      'Team of admin',
      'Team of editor',
      'Unsaid',
    ])
  })

  it('keeps one person’s private collection from everyone else, admins included', async () => {
    const { ids, ask, create, names } = await team(open)
    const mine = (await create('viewer', { name: 'Moodboard' }))!
    expect(await ask('viewer', 'collections:add', { collectionId: mine.id, ids: [ids[4], ids[5]] })).toMatchObject({
      data: { added: 2 },
    })
    for (const who of ['viewer2', 'commenter', 'editor', 'admin']) {
      expect(await names(who), who).toEqual(['Client picks'])
      for (const [channel, input] of [
        ['collections:rename', { id: mine.id, name: 'Taken' }],
        ['collections:delete', { id: mine.id }],
        ['collections:add', { collectionId: mine.id, ids: [ids[6]] }],
        ['collections:remove', { collectionId: mine.id, ids: [ids[4]] }],
      ] as const) {
        expect(await ask(who, channel, input), `${who} ${channel}`).toEqual({ error: 'not_found' })
      }
    }
    expect(await ask('admin', 'collections:share', { collectionId: mine.id, with: { role: 'viewer' } })).toEqual({
      error: 'not_found',
    })
    // Nor is a page or a count filtered by it: its members are not told of either.
    for (const channel of ['media:list', 'media:facets']) {
      expect(await ask('admin', channel, { filter: { collection: mine.id } }), channel).toEqual({ error: 'not_found' })
    }
    // Nor counted in anyone else's filter counts, not even by its id; its owner's count it.
    const counted = async (who: string) =>
      ((await ask(who, 'media:facets', {})) as { data: ChannelOutput<'media:facets'> }).data.collections.map(
        ({ value }) => value,
      )
    for (const who of ['viewer2', 'editor', 'admin']) expect(await counted(who), who).not.toContain(mine.id)
    expect(await counted('viewer')).toContain(mine.id)
    const own = (await ask('viewer', 'media:list', { filter: { collection: mine.id } })) as {
      data: ChannelOutput<'media:list'>
    }
    expect(own.data.items.map((item) => item.id).sort()).toEqual([ids[4], ids[5]].sort())
    // Its owner renames it and takes assets out; the team's stay an editor's to change.
    expect(await ask('viewer', 'collections:rename', { id: mine.id, name: 'Mood' })).toMatchObject({
      data: { collection: { name: 'Mood' } },
    })
    expect(await ask('viewer', 'collections:remove', { collectionId: mine.id, ids: [ids[4]] })).toMatchObject({
      data: { removed: 1 },
    })
    const { data } = (await ask('viewer', 'collections:list', {})) as { data: { collections: Collection[] } }
    const teams = data.collections.find((c) => c.name === 'Client picks')!
    expect(await ask('viewer', 'collections:rename', { id: teams.id, name: 'Mine now' })).toEqual({
      error: 'forbidden',
    })
    expect(await ask('viewer', 'collections:add', { collectionId: teams.id, ids: [ids[9]] })).toEqual({
      error: 'forbidden',
    })
    expect(await ask('viewer', 'collections:delete', { id: mine.id })).toEqual({ data: { id: mine.id, removed: 1 } })
    expect(await names('viewer')).toEqual(['Client picks'])
  })

  it('holds in a limited person’s private collection only what they may see', async () => {
    const { ids, ask, create, names } = await team(open)
    const own = (await create('client', { name: 'My picks' }))!
    expect(await ask('client', 'collections:add', { collectionId: own.id, ids: [ids[1]] })).toMatchObject({
      data: { added: 1 },
    })
    expect(await ask('client', 'collections:add', { collectionId: own.id, ids: [ids[7]] })).toEqual({
      error: 'not_found',
    })
    expect(await names('client')).toEqual(['Client picks', 'My picks (mine)'])
    const page = (await ask('client', 'media:list', { filter: { collection: own.id }, limit: 50 })) as {
      data: ChannelOutput<'media:list'>
    }
    expect(page.data.items.map((item) => item.id)).toEqual([ids[1]])
    // A private collection is shared with nobody, even by its owner.
    const editors = (await create('editor', { name: 'Editor only', private: true }))!
    expect(await ask('editor', 'collections:share', { collectionId: editors.id, with: { role: 'viewer' } })).toEqual({
      error: 'validation',
    })
  })

  it('lets two people make private collections of one name at once', async () => {
    const { create, names, ask } = await team(open)
    const both = await Promise.all(['viewer', 'viewer2'].map((who) => create(who, { name: 'Favourites' })))
    expect(both.map((c) => c?.name)).toEqual(['Favourites', 'Favourites'])
    expect(both[0]!.id).not.toBe(both[1]!.id)
    expect(await names('viewer')).toEqual(['Client picks', 'Favourites (mine)'])
    expect(await names('viewer2')).toEqual(['Client picks', 'Favourites (mine)'])
    expect(await ask('viewer', 'collections:create', { name: 'FAVOURITES' })).toEqual({ error: 'conflict' })
    expect((await create('editor', { name: 'favourites' }))?.ownerId).toBeNull()
  })
})
