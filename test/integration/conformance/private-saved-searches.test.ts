import { describe, expect, it } from 'vitest'
import type { Role } from '../../../shared/access'
import type { SavedSearch } from '../../../shared/contract'
import { dispatch, type Caller } from '../../../main/dispatch'
import type { Library } from '../../../main/services/library-context'
import { addPerson } from '../../../main/services/people/people'
import { librariesOfBothEngines } from '../../helpers/both-engines'

const { libraries } = librariesOfBothEngines()

const ROLES: readonly Role[] = ['viewer', 'commenter', 'editor', 'admin']

/** One person of each role (named after it) and a second viewer, each calling through dispatch. */
async function team(open: () => Promise<Library>) {
  const lib = await open()
  const callers: Record<string, Caller> = {}
  for (const [name, role] of [...ROLES.map((role) => [role, role] as const), ['viewer2', 'viewer'] as const]) {
    const { person } = await addPerson(lib, { name, role }, null)
    callers[name] = { role, scope: person.scope, person: { id: person.id, name } }
  }
  const ask = async (who: string, channel: string, input: unknown) => {
    const answer = await dispatch(lib, channel, input, callers[who])
    return answer.ok ? { data: answer.data } : { error: answer.error.code }
  }
  const save = async (who: string, input: object) =>
    ((await ask(who, 'searches:save', input)) as { data?: { search: SavedSearch } }).data?.search
  const names = async (who: string) =>
    ((await ask(who, 'searches:list', {})) as { data: { searches: SavedSearch[] } }).data.searches.map((s) =>
      s.private ? `${s.name} (mine)` : s.name,
    )
  return { ask, save, names }
}

describe.each(Object.entries(libraries))('each person’s own saved searches, on %s', (_name, open) => {
  it('lets every role keep their own; only editors and admins keep the team’s', async () => {
    const { ask, save, names } = await team(open)
    for (const role of ROLES) {
      const own = await save(role, { name: `Own of ${role}`, query: 'kite', private: true })
      expect(own, role).toMatchObject({ name: `Own of ${role}`, query: 'kite', private: true })
      const team = await ask(role, 'searches:save', { name: `Team of ${role}`, private: false })
      const keepsTeam = role === 'editor' || role === 'admin'
      expect(team, role).toEqual(
        keepsTeam ? { data: { search: expect.objectContaining({ private: false }) } } : { error: 'forbidden' },
      )
    }
    // Without saying: a viewer's and a commenter's are their own (their one choice), an editor's the team's.
    expect((await save('viewer', { name: 'Unsaid' }))?.private).toBe(true)
    expect((await save('commenter', { name: 'Unsaid' }))?.private).toBe(true)
    expect((await save('editor', { name: 'Unsaid' }))?.private).toBe(false)
    expect(await names('viewer')).toEqual([
      'Own of viewer (mine)',
      'Team of admin',
      'Team of editor',
      'Unsaid (mine)',
      'Unsaid',
    ])
    expect(await names('admin')).toEqual(['Own of admin (mine)', 'Team of admin', 'Team of editor', 'Unsaid'])
  })

  it('keeps one person’s own from everyone else, admins included', async () => {
    const { ask, save, names } = await team(open)
    const mine = (await save('viewer', { name: 'Favourites', private: true }))!
    for (const who of ['viewer2', 'commenter', 'editor', 'admin']) {
      expect(await names(who), who).toEqual([])
      expect(await ask(who, 'searches:rename', { id: mine.id, name: 'Taken' }), who).toEqual({ error: 'not_found' })
      expect(await ask(who, 'searches:delete', { id: mine.id }), who).toEqual({ data: { deleted: false } })
    }
    const renamed = await ask('viewer', 'searches:rename', { id: mine.id, name: 'Best' })
    expect(renamed).toMatchObject({ data: { search: { name: 'Best', private: true } } })
    // The team's are an editor's to change: a viewer sees them and changes none.
    const dailies = (await save('editor', { name: 'Dailies' }))!
    expect(await ask('viewer', 'searches:rename', { id: dailies.id, name: 'Mine now' })).toEqual({ error: 'forbidden' })
    expect(await ask('viewer', 'searches:delete', { id: dailies.id })).toEqual({ error: 'forbidden' })
    expect(await names('viewer')).toEqual(['Best (mine)', 'Dailies'])
    expect(await ask('viewer', 'searches:delete', { id: mine.id })).toEqual({ data: { deleted: true } })
    expect(await names('viewer')).toEqual(['Dailies'])
  })

  it('lets two people save their own of the same name at once, and a name once per owner', async () => {
    const { ask, save, names } = await team(open)
    const both = await Promise.all(['viewer', 'viewer2'].map((who) => save(who, { name: 'Favourites', query: who })))
    expect(both.map((search) => [search?.name, search?.query, search?.private])).toEqual([
      ['Favourites', 'viewer', true],
      ['Favourites', 'viewer2', true],
    ])
    expect(await names('viewer')).toEqual(['Favourites (mine)'])
    expect(await names('viewer2')).toEqual(['Favourites (mine)'])
    // The team's may share the name; a second of one's own may not.
    expect((await save('editor', { name: 'FAVOURITES' }))?.private).toBe(false)
    expect(await ask('viewer', 'searches:save', { name: 'favourites' })).toEqual({ error: 'conflict' })
    expect(await names('viewer')).toEqual(['Favourites (mine)', 'FAVOURITES'])
  })
})
