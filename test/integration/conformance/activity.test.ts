import path from 'node:path'
import { describe, expect, inject, it, vi } from 'vitest'
import type { Role } from '../../../shared/access'
import type { ChannelOutput, ImportJob } from '../../../shared/contract'
import { dispatch, type Caller } from '../../../main/dispatch'
import type { Library } from '../../../main/services/library-context'
import { activityPage } from '../../../main/services/people/activity'
import { addPerson } from '../../../main/services/people/people'
import { librariesOfBothEngines } from '../../helpers/both-engines'

// Issue 60 point 6 on both engines: edits say what they changed from, imports what was new, guests' acts are theirs.
const fixtures = inject('fixtures')
const { libraries } = librariesOfBothEngines()
const NAMES: Record<Role, string> = { viewer: 'Vera', commenter: 'Cleo', editor: 'Eddie', admin: 'Ada' }

async function call<T>(lib: Library, channel: string, input: unknown, caller?: Caller): Promise<T> {
  const answer = await dispatch(lib, channel, input, caller)
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`)
  return answer.data as T
}

describe.each(Object.entries(libraries))('activity in words on %s', (_name, open) => {
  const team = async () => {
    const lib = await open()
    const who = {} as Record<Role, Caller>
    for (const role of ['viewer', 'commenter', 'editor', 'admin'] as const) {
      const { person } = await addPerson(lib, { name: NAMES[role], role }, null)
      who[role] = { role, person: { id: person.id, name: person.name } }
    }
    return { lib, who }
  }
  /** Imports the files as `caller` and waits for the import (and what the log says of it) to end: the assets by name. */
  const imported = async (lib: Library, files: string[], caller: Caller) => {
    const { job } = await call<{ job: ImportJob }>(lib, 'media:import', { paths: files }, caller)
    await lib.importer.idle()
    const items = await lib.catalog.repos.importItems.items(job.id)
    // The log names an import's assets once it has seen the job end (in the background of the call that started it).
    const first = items[0]!.asset!.id
    await vi.waitFor(async () =>
      expect((await activityPage(lib, { limit: 1, assetId: first })).entries).toHaveLength(1),
    )
    return new Map(items.map((item) => [item.name, item.asset!.id]))
  }
  const words = async (lib: Library, query: { guests?: boolean; assetId?: string } = {}) =>
    (await activityPage(lib, { limit: 50, ...query })).entries.map((entry) => entry.words)
  const history = async (lib: Library, id: string, caller: Caller) =>
    (await call<ChannelOutput<'media:history'>>(lib, 'media:history', { id }, caller)).entries

  it('says each edit with what it changed from, read before the change was made', async () => {
    const { lib, who } = await team()
    const assets = await imported(lib, [fixtures.mp4, fixtures.png], who.editor)
    const clip = assets.get(path.basename(fixtures.mp4))!
    const still = assets.get(path.basename(fixtures.png))!
    const edits: Array<[string, unknown]> = [
      ['media:set-rating', { ids: [clip], rating: 2 }],
      ['media:set-rating', { ids: [clip], rating: 4 }],
      ['media:set-rating', { ids: [clip, still], rating: 3 }],
      ['media:set-rating', { ids: [clip, still], rating: 0 }],
      ['media:set-notes', { id: clip, notes: 'Colour is off in the last second' }],
      ['media:set-notes', { id: clip, notes: 'Colour fixed' }],
      ['media:set-notes', { id: clip, notes: null }],
      ['media:rename', { id: clip, name: 'take-04.mp4' }],
      ['review:set', { assetId: clip, status: 'needs-changes' }],
      ['review:set', { assetId: clip, status: 'approved' }],
    ]
    for (const [channel, input] of edits) await call(lib, channel, input, who.editor)
    const { collection } = await call<{ collection: { id: number } }>(
      lib,
      'collections:create',
      { name: 'Picks', private: false },
      who.admin,
    )
    await call(lib, 'collections:rename', { id: collection.id, name: 'Selects' }, who.admin)
    expect((await words(lib)).slice(0, -1).reverse()).toEqual(
      [
        'rated clip.mp4 ★★',
        'rated clip.mp4 ★★ → ★★★★',
        'rated 2 assets ★★★',
        'took the rating off 2 assets, was ★★★',
        'wrote notes on clip.mp4',
        'changed the notes of clip.mp4',
        'cleared the notes of clip.mp4',
        'renamed “clip.mp4” → “take-04.mp4”',
        'asked for changes to take-04.mp4',
        'approved take-04.mp4, was needs changes',
        'made the collection “Picks”',
        'renamed the collection “Picks” → “Selects”',
      ].map((said) => said.replaceAll('clip.mp4', path.basename(fixtures.mp4))),
    )
  })

  it('keeps notes out of the history of whoever may not read them, a role at a time', async () => {
    const { lib, who } = await team()
    const clip = [...(await imported(lib, [fixtures.mp4], who.editor)).values()][0]!
    await call(lib, 'media:set-notes', { id: clip, notes: 'internal: the client hates blue' }, who.editor)
    await call(lib, 'media:set-rating', { ids: [clip], rating: 5 }, who.editor)
    const kinds = async (role: Role) => (await history(lib, clip, who[role])).map((entry) => entry.kind)
    expect(await kinds('viewer')).toEqual(['rating', 'import'])
    expect(await kinds('commenter')).toEqual(['rating', 'import'])
    expect(await kinds('editor')).toEqual(['rating', 'notes', 'import'])
    expect(await kinds('admin')).toEqual(['rating', 'notes', 'import'])
    const said = JSON.stringify(await history(lib, clip, who.admin))
    expect(said).not.toContain('hates blue')
  })

  it('says what an import brought, new against already in the library, once it ended, in its assets’ history', async () => {
    const { lib, who } = await team()
    const assets = await imported(lib, [fixtures.mp4, fixtures.png, fixtures.duplicate], who.editor)
    await expect.poll(() => words(lib)).toEqual(['imported 3 files (2 new, 1 already in the library)'])
    const still = assets.get(path.basename(fixtures.png))!
    expect((await history(lib, still, who.viewer)).map((entry) => [entry.person, entry.words])).toEqual([
      ['Eddie', 'imported 3 files (2 new, 1 already in the library)'],
    ])
  })

  it("folds a push's calls and its import into one entry of the assets it brought, two people pushing at once", async () => {
    const { lib, who } = await team()
    const before = await imported(lib, [fixtures.jpg], who.admin)
    const photo = before.get(path.basename(fixtures.jpg))!
    const eddie = { ...who.editor, action: 'push:eddie' }
    const ada = { ...who.admin, action: 'push:ada' }
    await Promise.all([
      (async () => {
        await imported(lib, [fixtures.mp4, fixtures.png], eddie)
        await call(lib, 'media:tag', { ids: [photo], tags: ['hero'] }, eddie)
      })(),
      call(lib, 'media:set-rating', { ids: [photo], rating: 3 }, ada),
    ])
    const expected = ['pushed 1 asset', 'pushed 3 assets (2 new)']
    await expect
      .poll(async () => (await words(lib)).filter((said) => said?.startsWith('pushed')).sort())
      .toEqual(expected)
    const people = (await activityPage(lib, { limit: 50, kind: 'push' })).entries.map((entry) => entry.person)
    expect(people.sort()).toEqual(['Ada', 'Eddie'])
  })

  it("records a review link's guests' comments and statuses as theirs, marked guest, filterable, in the asset's history", async () => {
    const { lib, who } = await team()
    const clip = [...(await imported(lib, [fixtures.mp4], who.editor)).values()][0]!
    const { collection } = await call<{ collection: { id: number } }>(
      lib,
      'collections:create',
      { name: 'Client picks', private: false },
      who.editor,
    )
    await call(lib, 'collections:add', { collectionId: collection.id, ids: [clip] }, who.editor)
    const { link } = await call<{ link: { id: number } }>(
      lib,
      'links:create',
      { collectionId: collection.id, password: 'north light' },
      who.editor,
    )
    const guest = (guestName: string): Caller => ({
      role: 'commenter',
      scope: 'shared',
      link: { id: link.id, collectionId: collection.id, downloads: false, guestName },
    })
    await call(lib, 'review:set', { assetId: clip, status: 'needs-changes' }, who.editor)
    // Two guests of one link at once.
    await Promise.all([
      call(lib, 'comments:add', { assetId: clip, body: 'Lovely light', at: 1 }, guest('Dana')),
      call(lib, 'comments:add', { assetId: clip, body: 'Too dark at the end' }, guest('Eli')),
    ])
    await call(lib, 'review:set', { assetId: clip, status: 'approved' }, guest('Dana'))
    const name = path.basename(fixtures.mp4)

    const guests = (await activityPage(lib, { limit: 50, guests: true })).entries
    expect(guests.map((entry) => [entry.person, entry.personId, entry.linkId, entry.kind])).toEqual([
      ['Dana (guest)', null, link.id, 'review'],
      expect.arrayContaining([null, link.id, 'comment']),
      expect.arrayContaining([null, link.id, 'comment']),
    ])
    expect(guests[0]!.words).toBe(`approved ${name}, was needs changes`)
    expect(
      guests
        .slice(1)
        .map((entry) => `${entry.person} ${entry.words}`)
        .sort(),
    ).toEqual([
      `Dana (guest) commented on ${name}: “Lovely light”`,
      `Eli (guest) commented on ${name}: “Too dark at the end”`,
    ])
    const people = (await activityPage(lib, { limit: 50, guests: false })).entries
    expect(people.every((entry) => entry.linkId === null && entry.personId !== null)).toBe(true)
    expect(people.map((entry) => entry.kind)).toContain('review')

    const ofClip = (await history(lib, clip, who.viewer)).map((entry) => entry.person)
    expect(ofClip.slice(0, 3).sort()).toEqual(['Dana (guest)', 'Dana (guest)', 'Eli (guest)'])
    // A link's password is never kept in the log.
    const made = (await activityPage(lib, { limit: 50 })).entries.find((entry) => entry.channel === 'links:create')!
    expect(made.input).not.toContain('north light')
  })
})
