import { describe, expect, it } from 'vitest'
import { LibraryStorage, type ChannelOutput } from '../../../shared/contract'
import type { Envelope } from '../../../shared/errors'
import { dispatch } from '../../../main/dispatch'
import type { Library } from '../../../main/services/library-context'
import { addPerson } from '../../../main/services/people/people'
import { seedAssets } from '../../helpers/assets'
import { librariesOfBothEngines } from '../../helpers/both-engines'

const { libraries } = librariesOfBothEngines()

/** An editor and a viewer of `lib`, and how a call of each one is answered (as a hub dispatches it). */
async function editorAndViewer(lib: Library) {
  const people = {
    editor: (await addPerson(lib, { name: 'Eddie', role: 'editor' }, null)).person,
    viewer: (await addPerson(lib, { name: 'Vera', role: 'viewer' }, null)).person,
  }
  return (role: 'editor' | 'viewer', channel: string, input: unknown = {}) => {
    const { id, name } = people[role]
    return dispatch(lib, channel, input, { role, scope: 'all', person: { id, name } })
  }
}

// Issue 60 point 3: notes and where the library keeps its data are internal: an editor's, never in a viewer's answers.
describe.each(Object.entries(libraries))('what is internal, on %s', (_name, open) => {
  it('notes: in every answer an editor gets and in none a viewer gets', async () => {
    const lib = await open()
    const [asset] = await seedAssets(lib, 3)
    const ask = await editorAndViewer(lib)
    const as = async <T>(role: 'editor' | 'viewer', channel: string, input: unknown): Promise<T> => {
      const answer = await ask(role, channel, input)
      if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`)
      return answer.data as T
    }
    await as('editor', 'media:set-notes', { id: asset!.id, notes: 'colour is off in the last second' })
    type Get = ChannelOutput<'media:get'>
    type Page = ChannelOutput<'media:list'>
    const listFull = { filter: {}, cursor: null, limit: 10, view: 'full' }
    const searched = { query: 'colour', filter: {}, cursor: null, limit: 10 }

    expect((await as<Get>('editor', 'media:get', { id: asset!.id })).notes).toBe('colour is off in the last second')
    const editorPage = await as<Page>('editor', 'media:list', listFull)
    expect(editorPage.items.find((item) => item.id === asset!.id)).toMatchObject({ notes: expect.any(String) })
    expect((await as<Page>('editor', 'media:list', searched)).items[0]!.matched).toMatchObject({ field: 'notes' })

    expect((await as<Get>('viewer', 'media:get', { id: asset!.id })).notes).toBeNull()
    const viewerPage = await as<Page>('viewer', 'media:list', listFull)
    expect(viewerPage.items.map((item) => ('notes' in item ? item.notes : null))).toEqual([null, null, null])
    const viewerSearch = await as<Page>('viewer', 'media:list', searched)
    expect(viewerSearch.items.filter((item) => item.matched?.field === 'notes')).toEqual([])
    expect(JSON.stringify([viewerPage, viewerSearch])).not.toContain('colour is off')
  })

  it('tells a viewer nothing of where the library keeps its data: no folder, database, tables, bytes or watch folders', async () => {
    const lib = await open()
    const ask = await editorAndViewer(lib)
    const keysOf = (answer: Envelope<unknown>) => (answer.ok ? Object.keys(answer.data as object).sort() : answer)
    const naming = ['createdAt', 'id', 'name', 'nameVersion']
    const viewerInfo = await ask('viewer', 'library:info')
    expect(keysOf(viewerInfo)).toEqual(naming)
    expect(keysOf(await ask('editor', 'library:info'))).toEqual(
      [...naming, ...Object.keys(LibraryStorage.shape)].sort(),
    )
    expect(JSON.stringify(viewerInfo)).not.toContain(lib.dir)
    expect(await ask('viewer', 'watch:list')).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await ask('editor', 'watch:list')).toMatchObject({ ok: true })
  })
})
