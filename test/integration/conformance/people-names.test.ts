import { describe, expect, it } from 'vitest'
import type { Role } from '../../../shared/access'
import { dispatch, type Caller } from '../../../main/dispatch'
import type { Library } from '../../../main/services/library-context'
import { addToCollection, createCollection } from '../../../main/services/collections/collections'
import { addPerson, issueToken } from '../../../main/services/people/people'
import { seedAssets } from '../../helpers/assets'
import { librariesOfBothEngines } from '../../helpers/both-engines'

const { libraries } = librariesOfBothEngines()

const NAMES: Record<Role, string> = { admin: 'Ada', editor: 'Eddie', commenter: 'Cleo', viewer: 'Vera' }

/** A library with a person of each role (Cleo a client, limited to shared collections) and a collection of 3 assets. */
async function team(lib: Library) {
  const callers = {} as Record<Role, Caller>
  for (const [role, name] of Object.entries(NAMES) as Array<[Role, string]>) {
    const { person } = await addPerson(lib, { name, role }, null)
    callers[role] = { role, scope: person.scope, person: { id: person.id, name } }
  }
  const ids = (await seedAssets(lib, 6)).map((asset) => asset.id)
  const { collection } = await createCollection(lib, 'Client cut')
  await addToCollection(lib, collection.id, ids.slice(0, 3))
  const guest: Caller = {
    role: 'commenter',
    scope: 'shared',
    link: { id: 1, collectionId: collection.id, downloads: false, guestName: 'Dana' },
  }
  return { callers, guest, collection, shared: ids.slice(0, 3).sort() }
}

const answer = async (lib: Library, caller: Caller, channel: string, input: unknown) => {
  const reply = await dispatch(lib, channel, input, caller)
  return reply.ok ? { data: reply.data } : { error: reply.error }
}

// Issue 60 point 3: an editor shares a collection with a named person, as an admin does, knowing people by their id,
// name and role alone (people:list, with tokens and scopes, stays an admin's).
describe.each(Object.entries(libraries))('whom a collection may be shared with, on %s', (_name, open) => {
  for (const role of ['admin', 'editor'] as const) {
    it(`lists everyone to an ${role} by name and role alone, nothing of their tokens or sign-ins`, async () => {
      const lib = await open()
      const { callers } = await team(lib)
      await issueToken(lib, callers.commenter.person!.id, 'laptop')
      const listed = await answer(lib, callers[role], 'people:names', {})
      expect(listed).toEqual({
        data: {
          people: [
            { id: callers.admin.person!.id, name: 'Ada', role: 'admin' },
            { id: callers.commenter.person!.id, name: 'Cleo', role: 'commenter' },
            { id: callers.editor.person!.id, name: 'Eddie', role: 'editor' },
            { id: callers.viewer.person!.id, name: 'Vera', role: 'viewer' },
          ],
        },
      })
    })
  }

  it('refuses a viewer, a commenter and a review link’s guest in words', async () => {
    const lib = await open()
    const { callers, guest } = await team(lib)
    for (const [who, caller] of [
      ['viewer', callers.viewer],
      ['commenter', callers.commenter],
      ['guest', guest],
    ] as const) {
      expect(await answer(lib, caller, 'people:names', {}), who).toEqual({
        error: {
          code: 'forbidden',
          message: 'Only editors and admins can see whom to share with. Ask Ada to change your role.',
          details: { role: caller.role, needs: 'editor' },
        },
      })
    }
    // What it takes is nothing: an input is refused before any person is read.
    expect(await answer(lib, callers.editor, 'people:names', { role: 'admin' })).toMatchObject({
      error: { code: 'validation' },
    })
  })

  it('lets an editor share with the commenter it names, who then sees that collection’s assets alone', async () => {
    const lib = await open()
    const { callers, collection, shared } = await team(lib)
    const cleo = callers.commenter
    const seen = async () => {
      const reply = await answer(lib, cleo, 'media:list', { limit: 50 })
      return (reply.data as { items: Array<{ id: string }> }).items.map((item) => item.id).sort()
    }
    expect(await seen()).toEqual([])
    const { data } = (await answer(lib, callers.editor, 'people:names', {})) as {
      data: { people: Array<{ id: number; name: string }> }
    }
    const named = data.people.find((person) => person.name === 'Cleo')!
    const sharing = await answer(lib, callers.editor, 'collections:share', {
      collectionId: collection.id,
      with: { personId: named.id },
    })
    expect(sharing).toMatchObject({ data: { shares: [{ personId: cleo.person!.id, sharedBy: 'Eddie' }] } })
    expect(await seen()).toEqual(shared)
    const lists = (await answer(lib, cleo, 'collections:list', {})) as {
      data: { collections: Array<{ name: string }> }
    }
    expect(lists.data.collections.map((one) => one.name)).toEqual(['Client cut'])
  })
})
