import { describe, expect, it } from 'vitest'
import type { Role } from '../../../shared/access'
import type { ChannelOutput } from '../../../shared/contract'
import { dispatch, type Caller } from '../../../main/dispatch'
import type { Library } from '../../../main/services/library-context'
import { addToCollection, createCollection } from '../../../main/services/collections/collections'
import { shareCollection } from '../../../main/services/collections/shares'
import { addPerson } from '../../../main/services/people/people'
import { seedAssets } from '../../helpers/assets'
import { librariesOfBothEngines } from '../../helpers/both-engines'

const { libraries } = librariesOfBothEngines()

type Who = 'admin' | 'editor' | 'viewer' | 'commenter'

/**
 * Six assets, an admin, an editor, a viewer who sees every asset and a commenter (a client) limited to the collection
 * "Client picks" (the first three); how each one's calls are answered, and what each one finds by a search.
 */
async function reviewTeam(open: () => Promise<Library>) {
  const lib = await open()
  const ids = (await seedAssets(lib, 6)).map((asset) => asset.id)
  const callers = {} as Record<Who, Caller>
  for (const [who, role, name] of [
    ['admin', 'admin', 'Ada'],
    ['editor', 'editor', 'Eddie'],
    ['viewer', 'viewer', 'Vera'],
    ['commenter', 'commenter', 'Cleo'],
  ] as const satisfies ReadonlyArray<readonly [Who, Role, string]>) {
    const { person } = await addPerson(lib, { name, role }, null)
    callers[who] = { role, scope: person.scope, person: { id: person.id, name } }
  }
  const { collection: picks } = await createCollection(lib, 'Client picks')
  await addToCollection(lib, picks.id, ids.slice(0, 3))
  await shareCollection({ ...lib, actor: 'Ada' }, picks.id, { personId: callers.commenter.person!.id })
  const data = async <T>(who: Who, channel: string, input: unknown): Promise<T> => {
    const answer = await dispatch(lib, channel, input, callers[who])
    if (!answer.ok) throw new Error(`${who} ${channel}: ${answer.error.message}`)
    return answer.data as T
  }
  /** The ids a search finds for `who` (page and facet count agree), each with the field it says it matched in. */
  const found = async (who: Who, query: string) => {
    const page = await data<ChannelOutput<'media:list'>>(who, 'media:list', {
      query,
      filter: {},
      cursor: null,
      limit: 50,
    })
    const facets = await data<ChannelOutput<'media:facets'>>(who, 'media:facets', { query })
    expect(facets.total).toBe(page.items.length)
    return Object.fromEntries(page.items.map((item) => [item.id, item.matched?.field ?? null]))
  }
  const comment = async (who: Who, assetId: string, body: string) =>
    (await data<ChannelOutput<'comments:add'>>(who, 'comments:add', { assetId, body })).comment.id
  return { ids, data, found, comment, callers }
}

// Issue 60 point 1 ("Comments are searchable") and point 3 (notes are internal: hidden from viewers and commenters).
describe.each(Object.entries(libraries))('comments and notes in the text search, on %s', (_name, open) => {
  it('finds an asset by its comments, as its comments are added, edited and deleted', async () => {
    const { ids, data, found, comment, callers } = await reviewTeam(open)
    expect(callers.commenter.scope).toBe('shared')
    const [shared, , , hidden] = ids
    const onShared = await comment('commenter', shared!, 'the lanternfish glows too much at 0:03')
    const onHidden = await comment('admin', hidden!, 'Lanternfish again, and the sky')

    expect(await found('admin', 'lanternf')).toEqual({ [shared!]: 'comment', [hidden!]: 'comment' })
    expect(await found('editor', 'lanternfish glow')).toEqual({ [shared!]: 'comment' })
    // A limited person finds what they see alone, however the word is spread.
    expect(await found('commenter', 'lanternf')).toEqual({ [shared!]: 'comment' })
    expect(await found('commenter', 'sky')).toEqual({})

    await data('commenter', 'comments:edit', { id: onShared, body: 'now a sunfish, fine' })
    expect(await found('admin', 'lanternf')).toEqual({ [hidden!]: 'comment' })
    expect(await found('commenter', 'lanternf')).toEqual({})
    expect(await found('commenter', 'sunfi')).toEqual({ [shared!]: 'comment' })

    await data('admin', 'comments:delete', { id: onHidden })
    expect(await found('admin', 'lanternf')).toEqual({})
    expect(await found('admin', 'sky')).toEqual({})
    expect(await found('viewer', 'sunfish fine')).toEqual({ [shared!]: 'comment' })
  })

  it('finds an asset by its notes for editors and admins, never for viewers or commenters', async () => {
    const { ids, data, found } = await reviewTeam(open)
    const [shared, , , other] = ids
    await data('editor', 'media:set-notes', { id: shared!, notes: 'colourist: grading is off in the last second' })
    // A word of the notes and of the folder path (every asset's is under /home/tester/Footage/).
    await data('editor', 'media:set-notes', { id: other!, notes: 'Footage from the second unit' })

    for (const who of ['admin', 'editor'] as const) {
      expect(await found(who, 'colouri')).toEqual({ [shared!]: 'notes' })
      expect(await found(who, 'grading second')).toEqual({ [shared!]: 'notes' })
      expect((await found(who, 'footage'))[other!]).toBe('notes')
    }
    for (const who of ['viewer', 'commenter'] as const) {
      expect(await found(who, 'colouri')).toEqual({})
      expect(await found(who, 'grading second')).toEqual({})
      // Found by a word its notes hold too: the reason is the path, where the person may read it.
      const byFootage = await found(who, 'footage')
      expect(Object.values(byFootage).every((field) => field === 'path')).toBe(true)
    }
    expect(Object.keys(await found('viewer', 'footage'))).toHaveLength(6)
    expect(Object.keys(await found('commenter', 'footage')).sort()).toEqual(ids.slice(0, 3).sort())
  })

  // The hub's facet index keeps a text query's matches until its change log moves: a rename, new notes or a sidecar's
  // subtitles change what the words find, and the counts follow the page at once.
  it('counts what a search finds as an asset is renamed and its notes and subtitles change', async () => {
    const { ids, data, found } = await reviewTeam(open)
    const [first, second] = ids
    expect(await found('admin', 'quokka')).toEqual({})
    await data('editor', 'media:rename', { id: first!, name: 'Quokka at dawn' })
    expect(await found('admin', 'quokka')).toEqual({ [first!]: 'name' })
    await data('editor', 'media:rename', { id: first!, name: 'Wombat at dawn' })
    expect(await found('admin', 'quokka')).toEqual({})
    expect(await found('commenter', 'wombat')).toEqual({ [first!]: 'name' })

    await data('editor', 'media:set-notes', { id: second!, notes: 'a quokka crosses at 0:02' })
    expect(await found('admin', 'quokka')).toEqual({ [second!]: 'notes' })
    await data('editor', 'media:set-notes', { id: second!, notes: null })
    expect(await found('admin', 'quokka')).toEqual({})

    const cues = JSON.stringify([{ start: 1, end: 2, text: 'Look, a quokka' }])
    const track = { fileName: 'take.en.srt', codec: 'subrip', language: 'en', title: null, cues, problem: null }
    await data('admin', 'subtitles:put', { assetId: second!, tracks: [track] })
    expect(await found('admin', 'quokka')).toEqual({ [second!]: 'subtitles' })
    expect(await found('commenter', 'quokka')).toEqual({ [second!]: 'subtitles' })
  })
})
