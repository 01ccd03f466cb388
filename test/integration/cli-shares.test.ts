import { afterEach, describe, expect, it } from 'vitest'
import { openLibrary } from '../../main/app/open-library'
import { openHubLibrary } from '../../main/app/open-hub-library'
import { librarySource } from '../../main/app/library-session'
import type { Library } from '../../main/services/library-context'
import { createCollection } from '../../main/services/collections/collections'
import { startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import { startWebHost } from '../../main/web/web-host'
import { cli, jsonLines } from '../helpers/cli'
import { freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

// Issue 60 point 7: `collections share|unshare NAME --with PERSON-ID|ROLE` and `people add --shared-only`, on a
// library folder and on a hub with `--hub URL --token T`.
const closing: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
})

/** A library folder with a collection, reached by `--library`. */
async function libraryFolder(): Promise<string[]> {
  const dir = tempDir()
  const lib = openLibrary(dir)
  await createCollection(lib, 'Dailies')
  await lib.close()
  return ['--library', dir]
}

/** A hub with a collection, served with its people's tokens, reached by `--hub URL --token T` (its admin's). */
async function servedHub(): Promise<string[]> {
  const hub: Library = await openHubLibrary(tempDir(), await freshHubDatabase(), { actor: 'hub' })
  const { token } = await startToken(hub)
  await createCollection(hub, 'Dailies')
  const host = await startWebHost({ library: hub, rendererDir: tempDir(), access: peopleAccess(librarySource(hub)) })
  closing.push(
    () => hub.close(),
    () => host.close(),
  )
  return ['--hub', `http://127.0.0.1:${host.port}`, '--token', token]
}

describe.each([
  ['a library folder', libraryFolder],
  ['a hub', servedHub],
])('collections share on %s', (_where, target) => {
  it('adds a viewer limited to shared collections, shares a collection with them and a role, and unshares', async () => {
    const at = await target()
    const added = await cli(['people', 'add', 'Client', '--role', 'viewer', '--shared-only', ...at])
    expect(added.stderr).toBe('')
    const client = (jsonLines(added.stdout)[0] as { person: { id: number; scope: string } }).person
    expect(client.scope).toBe('shared')

    const byPerson = await cli(['collections', 'share', 'dailies', '--with', String(client.id), ...at])
    expect(byPerson).toMatchObject({ code: 0, stderr: '' })
    expect(jsonLines(byPerson.stdout)).toEqual([
      {
        collection: { id: expect.any(Number), name: 'Dailies' },
        shares: [expect.objectContaining({ personId: client.id, personName: 'Client', role: null })],
      },
    ])
    const byRole = await cli(['collections', 'share', 'Dailies', '--with', 'viewer', ...at])
    const shares = (
      jsonLines(byRole.stdout)[0] as { shares: Array<{ personName: string | null; role: string | null }> }
    ).shares
    expect(shares.map((s) => [s.personName, s.role])).toEqual([
      ['Client', null],
      [null, 'viewer'],
    ])
    const unshared = await cli(['collections', 'unshare', 'Dailies', '--with', String(client.id), ...at])
    expect((jsonLines(unshared.stdout)[0] as { shares: unknown[] }).shares).toEqual([
      expect.objectContaining({ personId: null, role: 'viewer' }),
    ])

    const again = await cli(['collections', 'unshare', 'Dailies', '--with', String(client.id), ...at])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain(`is not shared with person ${client.id}`)
    const badRole = await cli(['collections', 'share', 'Dailies', '--with', 'director', ...at])
    expect(badRole.code).not.toBe(0)
    expect(badRole.stderr).toContain(
      '--with takes a person\'s id or a role (viewer, commenter, editor, admin), not "director".',
    )
    const noCollection = await cli(['collections', 'share', 'Nope', '--with', 'viewer', ...at])
    expect(noCollection.stderr).toContain('No collection named "Nope".')

    const scoped = await cli(['people', 'scope', String(client.id), 'all', ...at])
    expect((jsonLines(scoped.stdout)[0] as { person: { scope: string } }).person.scope).toBe('all')
  })
})
