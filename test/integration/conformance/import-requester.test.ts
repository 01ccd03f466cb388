import { describe, expect, inject, it } from 'vitest'
import type { ImportJob } from '../../../shared/contract'
import { dispatch, type Caller } from '../../../main/dispatch'
import type { Library } from '../../../main/services/library-context'
import { addPerson } from '../../../main/services/people/people'
import { librariesOfBothEngines } from '../../helpers/both-engines'

const fixtures = inject('fixtures')
const { libraries } = librariesOfBothEngines()

/** Runs a channel as `caller` (none: a person's own library) and returns its data, or throws its error. */
async function call<T>(lib: Library, channel: string, input: unknown, caller?: Caller): Promise<T> {
  const answer = await dispatch(lib, channel, input, caller)
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`)
  return answer.data as T
}

// Issue 64 point 7: an import says who started it, so a hub's import panel can show a person their own.
describe.each(Object.entries(libraries))('who started an import, on %s', (_, open) => {
  it('names the signed-in person who started it in import:list, import:get and import:updated; nobody without one', async () => {
    const lib = await open()
    const { person } = await addPerson(lib, { name: 'Eddie', role: 'editor' }, null)
    const eddie: Caller = { role: 'editor', person: { id: person.id, name: 'Eddie' } }
    const updated: ImportJob[] = []
    const unsubscribe = lib.events.subscribe((event) => {
      if (event.name === 'import:updated') updated.push((event.payload as { job: ImportJob }).job)
    })
    const { job: his } = await call<{ job: ImportJob }>(
      lib,
      'media:import',
      { paths: [fixtures.mp4], link: false },
      eddie,
    )
    await lib.importer.idle()
    const { job: own } = await call<{ job: ImportJob }>(lib, 'media:import', { paths: [fixtures.png], link: false })
    await lib.importer.idle()
    unsubscribe()

    expect(his).toMatchObject({ requestedBy: 'Eddie', importedBy: 'Eddie' })
    expect(own.requestedBy).toBeNull()
    const { jobs } = await call<{ jobs: ImportJob[] }>(lib, 'import:list', {})
    expect(jobs.map((job) => [job.id, job.state, job.requestedBy])).toEqual([
      [own.id, 'done', null],
      [his.id, 'done', 'Eddie'],
    ])
    expect((await call<{ job: ImportJob }>(lib, 'import:get', { jobId: his.id }, eddie)).job.requestedBy).toBe('Eddie')
    expect((await call<{ job: ImportJob }>(lib, 'import:get', { jobId: own.id })).job.requestedBy).toBeNull()
    const told = (id: string) => new Set(updated.filter((job) => job.id === id).map((job) => job.requestedBy))
    expect(told(his.id)).toEqual(new Set(['Eddie']))
    expect(told(own.id)).toEqual(new Set([null]))
  })
})
