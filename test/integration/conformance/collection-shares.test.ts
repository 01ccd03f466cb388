import { describe, expect, it } from 'vitest'
import { createCatalog } from '../../../main/db/catalog'
import { createCollection, deleteCollection } from '../../../main/services/collections/collections'
import { shareCollection, sharesOf, unshareCollection } from '../../../main/services/collections/shares'
import { addPerson, removePerson, setRole, signIn } from '../../../main/services/people/people'
import { setScope } from '../../../main/services/people/scope'
import { ENGINES, freshEngine } from '../../helpers/sql-engines'

// Issue 60 point 3: collections shared with named people or roles, and each person's scope, on both engines.
describe.each(ENGINES)('collection shares on %s', (dialect) => {
  const fresh = async () => {
    const sql = await freshEngine(dialect)
    const lib = { catalog: createCatalog(sql), actor: 'Ada' }
    const { person: ada } = await addPerson(lib, { name: 'Ada', role: 'admin' }, null)
    const client = await addPerson(lib, { name: 'Client', role: 'viewer', scope: 'shared' }, 'Ada')
    const { person: vera } = await addPerson(lib, { name: 'Vera', role: 'viewer' }, 'Ada')
    const { collection: dailies } = await createCollection(lib, 'Dailies')
    const { collection: moodboard } = await createCollection(lib, 'Moodboard')
    return { sql, lib, ada, client: client.person, clientToken: client.token, vera, dailies, moodboard }
  }

  it('shares with a person and a role, once each, lists them, and tells whom each collection is visible to', async () => {
    const { lib, client, vera, dailies, moodboard } = await fresh()
    const { shares } = await shareCollection(lib, dailies.id, { personId: client.id })
    expect(shares).toEqual([
      {
        collectionId: dailies.id,
        personId: client.id,
        personName: 'Client',
        role: null,
        sharedBy: 'Ada',
        sharedAt: expect.any(String),
      },
    ])
    await shareCollection(lib, dailies.id, { personId: client.id })
    await shareCollection(lib, moodboard.id, { role: 'viewer' })
    await shareCollection(lib, moodboard.id, { role: 'viewer' })
    expect((await sharesOf(lib, dailies.id)).map((s) => s.personName)).toEqual(['Client'])
    expect((await sharesOf(lib, moodboard.id)).map((s) => [s.personId, s.role])).toEqual([[null, 'viewer']])

    const { shares: repo } = lib.catalog.repos
    expect(await repo.visibleTo(client.id)).toEqual([dailies.id, moodboard.id].sort((a, b) => a - b))
    expect(await repo.visibleTo(vera.id)).toEqual([moodboard.id])
    // A share with the role follows the person's role: an editor is no viewer.
    await setRole(lib, vera.id, 'editor')
    expect(await repo.visibleTo(vera.id)).toEqual([])

    expect((await unshareCollection(lib, moodboard.id, { role: 'viewer' })).shares).toEqual([])
    expect(await repo.visibleTo(client.id)).toEqual([dailies.id])
  })

  it('refuses what would mean nothing or names no one, and forgets shares with what is deleted', async () => {
    const { lib, ada, client, dailies, moodboard } = await fresh()
    await expect(shareCollection(lib, dailies.id, { role: 'editor' })).rejects.toThrow(
      'Every editor sees every asset: share with viewers or named people.',
    )
    await expect(shareCollection(lib, dailies.id, { personId: 999 })).rejects.toThrow('No person with id 999.')
    await expect(shareCollection(lib, 999, { personId: client.id })).rejects.toThrow('No collection with id 999.')
    await expect(unshareCollection(lib, dailies.id, { personId: client.id })).rejects.toThrow(
      `Collection ${dailies.id} is not shared with person ${client.id}.`,
    )
    await shareCollection(lib, dailies.id, { personId: client.id })
    await shareCollection(lib, moodboard.id, { personId: client.id })
    await deleteCollection(lib, moodboard.id)
    expect(await lib.catalog.repos.shares.visibleTo(client.id)).toEqual([dailies.id])
    await removePerson(lib, client.id)
    expect(await sharesOf(lib, dailies.id)).toEqual([])
    expect(ada.scope).toBe('all')
  })

  it('keeps a scope per person: viewers may be limited, admins and editors always see every asset', async () => {
    const { lib, client, clientToken, vera } = await fresh()
    expect(client.scope).toBe('shared')
    expect(await signIn(lib, clientToken)).toMatchObject({ name: 'Client', role: 'viewer', scope: 'shared' })
    expect(vera.scope).toBe('all')
    expect((await setScope(lib, vera.id, 'shared')).person.scope).toBe('shared')
    await expect(addPerson(lib, { name: 'Ed', role: 'editor', scope: 'shared' }, 'Ada')).rejects.toThrow(
      'An editor sees every asset: only viewers can be limited to shared collections.',
    )
    // Made an editor, a limited viewer sees everything, and stays so when made a viewer again.
    expect((await setRole(lib, client.id, 'editor')).person.scope).toBe('all')
    await expect(setScope(lib, client.id, 'shared')).rejects.toThrow('An editor sees every asset')
    expect((await setRole(lib, client.id, 'viewer')).person.scope).toBe('all')
    await expect(setScope(lib, 999, 'all')).rejects.toThrow('No person with id 999.')
  })

  it('takes two editors sharing the same collection with the same person at once as one share', async () => {
    const { lib, client, dailies } = await fresh()
    const other = { ...lib, actor: 'Bo' }
    const [first, second] = await Promise.all([
      shareCollection(lib, dailies.id, { personId: client.id }),
      shareCollection(other, dailies.id, { personId: client.id }),
    ])
    expect(first.shares).toHaveLength(1)
    expect(second.shares).toEqual(first.shares)
  })
})
