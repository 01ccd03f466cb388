import { describe, expect, it } from 'vitest'
import { createCatalog, type Catalog } from '../../../main/db/catalog'
import {
  accessEnded,
  addPerson,
  browserToken,
  issueToken,
  listPeople,
  removePerson,
  renamePerson,
  revokeToken,
  setRole,
  signIn,
  signOutBrowser,
  startToken,
  tokensOf,
} from '../../../main/services/people/people'
import { activityPage, recordActivity } from '../../../main/services/people/activity'
import { ENGINES, freshEngine, meetingOfTwo } from '../../helpers/sql-engines'
import { syntheticAsset } from '../../helpers/assets'
import { randomSequence } from '../../bench/synthetic-assets'
import type { Channel } from '../../../shared/contract'

// Issue 34 point 4: people with roles and hashed API tokens, the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('people on %s', (dialect) => {
  const fresh = async () => {
    const sql = await freshEngine(dialect)
    return { sql, lib: { catalog: createCatalog(sql), actor: 'Ada' } }
  }

  it('adds people with a first token shown once, kept as a hash, that signs them in until revoked', async () => {
    const { sql, lib } = await fresh()
    const { person: ada, token } = await addPerson(lib, { name: 'Ada', role: 'admin' }, null)
    expect(ada).toMatchObject({ name: 'Ada', role: 'admin', createdBy: null, activeTokens: 1 })
    expect(token).toMatch(/^fvt_[A-Za-z0-9_-]{43}$/)
    const stored = await sql.all<{ token_hash: string }>('SELECT token_hash FROM access_tokens')
    expect(stored).toHaveLength(1)
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(await sql.all('SELECT * FROM access_tokens'))).not.toContain(token.slice(4))

    expect(await signIn(lib, token)).toEqual({ personId: ada.id, name: 'Ada', role: 'admin', scope: 'all' })
    expect((await tokensOf(lib, ada.id))[0]!.lastUsedAt).not.toBeNull()
    expect(await signIn(lib, `${token}x`)).toBeNull()
    expect(await signIn(lib, token.slice(4))).toBeNull()

    const { token: second } = await issueToken(lib, ada.id, 'render box')
    expect(second).not.toBe(token)
    const tokens = await tokensOf(lib, ada.id)
    expect(tokens.map((one) => one.label)).toEqual(['render box', 'first token'])
    await revokeToken(lib, ada.id, tokens[1]!.id)
    expect(await signIn(lib, token)).toBeNull()
    expect(await signIn(lib, second)).toMatchObject({ name: 'Ada' })
    await expect(revokeToken(lib, ada.id, tokens[1]!.id)).rejects.toThrow(
      `Person ${ada.id} has no token ${tokens[1]!.id} that still signs in.`,
    )
    expect((await listPeople(lib))[0]).toMatchObject({ name: 'Ada', activeTokens: 1 })
  })

  it('refuses a name taken in any case, unknown people, and taking the role of the last admin', async () => {
    const { lib } = await fresh()
    const { person: ada } = await addPerson(lib, { name: 'Ada', role: 'admin' }, null)
    const { person: bo, token } = await addPerson(lib, { name: 'Bo', role: 'viewer' }, 'Ada')
    expect(bo.createdBy).toBe('Ada')
    await expect(addPerson(lib, { name: 'ADA', role: 'viewer' }, 'Ada')).rejects.toThrow(
      'Someone named "ADA" is here already.',
    )
    await expect(setRole(lib, ada.id, 'editor')).rejects.toThrow(
      'Ada is the last admin: make someone else an admin first.',
    )
    await expect(removePerson(lib, ada.id)).rejects.toThrow('Ada is the last admin')
    await expect(setRole(lib, 999, 'editor')).rejects.toThrow('No person with id 999.')
    expect((await setRole(lib, bo.id, 'admin')).person.role).toBe('admin')
    expect((await signIn(lib, token))?.role).toBe('admin')
    expect((await setRole(lib, ada.id, 'viewer')).person.role).toBe('viewer')
    expect((await removePerson(lib, ada.id)).removed.name).toBe('Ada')
    expect((await listPeople(lib)).map((one) => [one.name, one.role])).toEqual([['Bo', 'admin']])
  })

  // Issue 60 point 3: a client is a commenter, stored and signed in as one on both engines.
  it('adds a commenter and makes a viewer one; a role outside the four is refused by the table', async () => {
    const { sql, lib } = await fresh()
    await addPerson(lib, { name: 'Ada', role: 'admin' }, null)
    const { person: cleo, token } = await addPerson(lib, { name: 'Cleo', role: 'commenter' }, 'Ada')
    expect(cleo.role).toBe('commenter')
    expect(await signIn(lib, token)).toMatchObject({ name: 'Cleo', role: 'commenter' })
    const { person: vera } = await addPerson(lib, { name: 'Vera', role: 'viewer' }, 'Ada')
    expect((await setRole(lib, vera.id, 'commenter')).person.role).toBe('commenter')
    await expect(sql.run(`UPDATE people SET role = 'client' WHERE id = ?`, [vera.id])).rejects.toThrow(/check/i)
  })

  // Issue 64 point 3: a window whose access was taken away can say by whom and when.
  it('remembers who removed a person or revoked a token, for each token that stopped signing in', async () => {
    const { lib } = await fresh()
    await addPerson(lib, { name: 'Ada', role: 'admin' }, null)
    const { person: bo, token: boFirst } = await addPerson(lib, { name: 'Bo', role: 'editor' }, 'Ada')
    const { token: boSecond } = await issueToken(lib, bo.id, 'laptop')
    const { token: boOld } = await issueToken(lib, bo.id, 'old laptop')
    const oldId = (await tokensOf(lib, bo.id)).find((one) => one.label === 'old laptop')!.id
    expect(await accessEnded(lib, boFirst)).toBeNull()

    await revokeToken({ ...lib, actor: 'Cy' }, bo.id, oldId)
    expect(await accessEnded(lib, boOld)).toEqual({
      personName: 'Bo',
      reason: 'revoked',
      endedBy: 'Cy',
      endedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(await accessEnded(lib, boFirst)).toBeNull()

    await removePerson(lib, bo.id)
    for (const token of [boFirst, boSecond]) {
      expect(await signIn(lib, token)).toBeNull()
      expect(await accessEnded(lib, token)).toMatchObject({ personName: 'Bo', reason: 'removed', endedBy: 'Ada' })
    }
    // A token revoked before the removal keeps the first reason.
    expect(await accessEnded(lib, boOld)).toMatchObject({ reason: 'revoked', endedBy: 'Cy' })
    // Someone of the same name added again signs in anew; tokens nobody ever had ended for no one.
    const { token: again } = await addPerson(lib, { name: 'Bo', role: 'viewer' }, 'Ada')
    expect(await accessEnded(lib, again)).toBeNull()
    expect(await accessEnded(lib, 'fvt_unknown')).toBeNull()
    expect(await accessEnded(lib, 'not a token')).toBeNull()
  })

  it('leaves an admin when two admins take each other’s role at the same moment', async () => {
    const { lib } = await fresh()
    const { person: ada } = await addPerson(lib, { name: 'Ada', role: 'admin' }, null)
    const { person: bo } = await addPerson(lib, { name: 'Bo', role: 'admin' }, null)
    const racing = { ...lib, catalog: bothCountFirst(lib.catalog) }
    const results = await Promise.allSettled([setRole(racing, ada.id, 'editor'), setRole(racing, bo.id, 'editor')])
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(String(results.find((result) => result.status === 'rejected')?.reason)).toMatch(/is the last admin/)
    expect((await listPeople(lib)).filter((one) => one.role === 'admin')).toHaveLength(1)
  })
})

describe.each(ENGINES)('renaming people on %s', (dialect) => {
  it('renames a person; a name someone else has in any case is a conflict, a new case of their own is not', async () => {
    const lib = { catalog: createCatalog(await freshEngine(dialect)) }
    const { person: ada, token } = await addPerson(lib, { name: 'admin', role: 'admin' }, 'hub')
    const { person: bo } = await addPerson(lib, { name: 'Bo', role: 'editor' }, null)
    expect((await renamePerson(lib, ada.id, 'Ada')).person).toMatchObject({ id: ada.id, name: 'Ada', role: 'admin' })
    // The token signs in the person, whatever they are called now.
    expect(await signIn(lib, token)).toEqual({ personId: ada.id, name: 'Ada', role: 'admin', scope: 'all' })
    await expect(renamePerson(lib, bo.id, 'ADA')).rejects.toMatchObject({
      code: 'conflict',
      message: 'Someone named "ADA" is here already.',
    })
    expect((await renamePerson(lib, ada.id, 'ADA')).person.name).toBe('ADA')
    expect((await listPeople(lib)).map((one) => one.name)).toEqual(['ADA', 'Bo'])
    // The name is free again once its holder has another.
    expect((await renamePerson(lib, bo.id, 'admin')).person.name).toBe('admin')
    await expect(renamePerson(lib, 99, 'Cy')).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe.each(ENGINES)('signing in browsers on %s', (dialect) => {
  it('gives a browser a lasting token of its own, which outlives the start token and ends with its sign-out', async () => {
    const lib = { catalog: createCatalog(await freshEngine(dialect)) }
    const first = await startToken(lib, () => 'Ada')
    expect(first).toMatchObject({ created: true, admin: { name: 'Ada', role: 'admin' } })
    const browser = (await browserToken(lib, first.token))!
    expect(browser).toMatch(/^fvt_/)
    expect(browser).not.toBe(first.token)
    expect((await tokensOf(lib, first.admin.id)).map((token) => token.label)).toEqual([
      `browser ${new Date().toISOString().slice(0, 10)}`,
      'printed at hub start',
    ])
    // The next start: its name is not asked again, the printed token changes, the browser's stays.
    const again = await startToken(lib, () => 'Never asked')
    expect(again).toMatchObject({ created: false, admin: { name: 'Ada' } })
    expect(await signIn(lib, first.token)).toBeNull()
    expect(await signIn(lib, browser)).toEqual({ personId: first.admin.id, name: 'Ada', role: 'admin', scope: 'all' })
    // A browser signing in with its own token keeps it; one that signs no one in gets nothing.
    expect(await browserToken(lib, browser)).toBe(browser)
    expect(await browserToken(lib, first.token)).toBeNull()
    await signOutBrowser(lib, browser)
    expect(await signIn(lib, browser)).toBeNull()
    // Signing out a browser that held a token handed over leaves that token working elsewhere.
    await signOutBrowser(lib, again.token)
    expect(await signIn(lib, again.token)).toMatchObject({ name: 'Ada' })
  })
})

describe.each(ENGINES)('the activity log on %s', (dialect) => {
  it('records who changed what, newest first, a page at a time, of one person when asked; long inputs cut', async () => {
    const lib = { catalog: createCatalog(await freshEngine(dialect)) }
    const ada = { id: 1, name: 'Ada' }
    const bo = { id: 2, name: 'Bo' }
    const call = (channel: Channel, input: unknown) => ({ channel, input, output: {} })
    await recordActivity(lib, ada, call('media:tag', { ids: ['a1'], tags: ['keeper'] }))
    await recordActivity(lib, bo, call('media:delete', { ids: ['a2'] }))
    await recordActivity(lib, ada, call('workflows:update', { definition: 'x'.repeat(5000) }))
    const first = await activityPage(lib, { limit: 2 })
    expect(first.entries.map((entry) => [entry.person, entry.channel])).toEqual([
      ['Ada', 'workflows:update'],
      ['Bo', 'media:delete'],
    ])
    expect(first.entries[0]!.input).toHaveLength(2001)
    expect(first.entries[0]!.input.endsWith('…')).toBe(true)
    expect(first.entries[1]).toMatchObject({ personId: 2, input: '{"ids":["a2"]}', at: expect.any(String) })
    const second = await activityPage(lib, { limit: 2, before: first.next! })
    expect(second).toEqual({ entries: [expect.objectContaining({ channel: 'media:tag', person: 'Ada' })], next: null })
    const ofAda = await activityPage(lib, { limit: 10, personId: 1 })
    expect(ofAda.entries.map((entry) => entry.channel)).toEqual(['workflows:update', 'media:tag'])
  })

  it('says each change in words with its kind, names the assets it was about, and filters by asset, kind and time', async () => {
    const lib = { catalog: createCatalog(await freshEngine(dialect)) }
    const random = randomSequence(3)
    const [take, other] = [syntheticAsset(1, random), syntheticAsset(2, random)].map((asset, n) => ({
      ...asset,
      name: ['take-04.mp4', 'dusk.png'][n]!,
    }))
    for (const asset of [take!, other!]) await lib.catalog.repos.media.insert(asset)
    const collection = await lib.catalog.repos.collections.create('Picks', '2026-11-28T10:00:00Z')
    const ada = { id: 1, name: 'Ada' }
    const ids = [take!.id, other!.id]
    await recordActivity(lib, ada, { channel: 'media:tag', input: { ids, tags: ['hero', 'b-roll'] }, output: {} })
    await recordActivity(lib, ada, { channel: 'media:set-rating', input: { ids: [take!.id], rating: 4 }, output: {} })
    await recordActivity(lib, ada, {
      channel: 'media:rename',
      input: { id: take!.id, name: 'take-05.mp4' },
      output: {},
      before: 'take-04.mp4',
    })
    await recordActivity(lib, ada, {
      channel: 'collections:add',
      input: { collectionId: collection.id, ids: [other!.id] },
      output: {},
    })
    await recordActivity(lib, ada, {
      channel: 'review:set',
      input: { assetId: take!.id, status: 'needs-changes', comment: 'Colour is off\n  in the last second' },
      output: {},
    })
    await recordActivity(lib, ada, { channel: 'library:rename', input: { name: 'Studio' }, output: {} })
    const words = (await activityPage(lib, { limit: 10 })).entries.map((entry) => [entry.kind, entry.words])
    expect(words).toEqual([
      ['other', 'rename the library'],
      ['review', 'asked for changes to take-04.mp4: “Colour is off in the last second”'],
      ['collection', 'added dusk.png to “Picks”'],
      ['rename', 'renamed “take-04.mp4” → “take-05.mp4”'],
      ['rating', 'rated take-04.mp4 ★★★★'],
      ['tag', 'tagged 2 assets hero and b-roll'],
    ])
    const ofTake = await activityPage(lib, { limit: 10, assetId: take!.id })
    expect(ofTake.entries.map((entry) => entry.kind)).toEqual(['review', 'rename', 'rating', 'tag'])
    expect((await activityPage(lib, { limit: 10, kind: 'tag' })).entries).toHaveLength(1)
    expect((await activityPage(lib, { limit: 10, from: '2100-01-01T00:00:00Z' })).entries).toHaveLength(0)
    expect((await activityPage(lib, { limit: 10, to: '2100-01-01T00:00:00Z' })).entries).toHaveLength(6)
  })

  it("folds an act's calls (a push) into one entry in words", async () => {
    const lib = { catalog: createCatalog(await freshEngine(dialect)) }
    const bo = { id: 2, name: 'Bo' }
    const action = 'push:0b7f3c2e-aaaa-bbbb'
    const uploads = (n: number) => Array.from({ length: n }, (_, i) => ({ uploadId: `u${i}`, name: `f${i}.mp4` }))
    await recordActivity(lib, bo, {
      channel: 'media:import-uploads',
      input: { uploads: uploads(10) },
      output: {},
      action,
    })
    await recordActivity(lib, bo, {
      channel: 'media:import-uploads',
      input: { uploads: uploads(3) },
      output: {},
      action,
    })
    await recordActivity(lib, bo, { channel: 'media:tag', input: { ids: ['a', 'b'], tags: ['x'] }, output: {}, action })
    await recordActivity(lib, bo, {
      channel: 'media:set-rating',
      input: { ids: ['b', 'c'], rating: 2 },
      output: {},
      action,
    })
    await recordActivity(lib, bo, { channel: 'media:tag', input: { ids: ['a'], tags: ['y'] }, output: {} })
    const { entries } = await activityPage(lib, { limit: 10 })
    expect(entries.map((entry) => [entry.kind, entry.words])).toEqual([
      ['tag', 'tagged an asset no longer here y'],
      ['push', 'pushed 3 assets'],
    ])
  })
})

/** The catalogue with each transaction's count of admins held at a meeting of two (see meetingOfTwo). */
function bothCountFirst(catalog: Catalog): Catalog {
  const meet = meetingOfTwo()
  return {
    ...catalog,
    transaction: (work, options) =>
      catalog.transaction(
        (repos) =>
          work({
            ...repos,
            people: {
              ...repos.people,
              async adminCount() {
                const count = await repos.people.adminCount()
                await meet()
                return count
              },
            },
          }),
        options,
      ),
  }
}
