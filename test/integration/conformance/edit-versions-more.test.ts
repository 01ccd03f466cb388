import { LIBRARY_USER } from '../../../main/services/people/ownership'
import { describe, expect, it } from 'vitest'
import { createCatalog } from '../../../main/db/catalog'
import { setComfyOutputLimit, comfyServer, setComfyServer } from '../../../main/services/comfy-runs/comfy-server'
import { createCollection, renameCollection } from '../../../main/services/collections/collections'
import { settingVersions } from '../../../main/services/edits/settings-write'
import type { Editing } from '../../../main/services/edits/versioned-write'
import { renameLibrary } from '../../../main/services/library/library-info'
import { addPerson, listPeople, renamePerson, setRole } from '../../../main/services/people/people'
import { listSavedSearches, renameSavedSearch, saveSearch } from '../../../main/services/saved-searches/saved-searches'
import { createWorkflow, deleteWorkflow, getWorkflow, updateWorkflow } from '../../../main/services/workflows/workflows'
import { outcome } from '../../helpers/save-outcome'
import { ENGINES, freshEngine } from '../../helpers/sql-engines'

/**
 * One versioned field of one kind of record (issue 64, point 1): how a record is made, the field saved from a base
 * version (none: whatever the current one), and its version as the list or get the renderer reads gives it.
 */
interface Field<V> {
  name: string
  field: string
  /** Three values to save, in turn; a refusal carries the stored one as `stored` gives it. */
  values: readonly [V, V, V]
  stored?(value: V): unknown
  make(lib: Editing): Promise<string>
  save(lib: Editing, id: string, value: V, base?: number): Promise<number>
  listed(lib: Editing, id: string): Promise<number>
}

const workflowText = JSON.stringify({ nodes: [{ id: 1, type: 'KSampler' }], links: [] })
const workflowField = (field: 'name' | 'description'): Field<string> => ({
  name: `a workflow's ${field}`,
  field,
  values: ['Portraits', 'Portraits, warm light', 'Portraits v2'],
  make: async (lib) =>
    (await createWorkflow(lib, { name: 'Start', status: 'draft', definition: workflowText, format: 'comfyui-ui' }))
      .workflow.id,
  save: async (lib, id, value, base) =>
    (await updateWorkflow(lib, id, { [field]: value, baseVersions: { [field]: base } })).versions[field].version,
  listed: async (lib, id) => (await getWorkflow(lib, id)).versions[field].version,
})
const personField = (field: 'name' | 'role'): Field<string> => ({
  name: `a person's ${field}`,
  field,
  values: field === 'name' ? ['Eddie', 'Edward', 'Ed'] : ['editor', 'admin', 'viewer'],
  make: async (lib) => {
    await addPerson(lib, { name: 'Ada', role: 'admin' }, null)
    return String((await addPerson(lib, { name: 'Eve', role: 'viewer' }, null)).person.id)
  },
  save: async (lib, id, value, base) => {
    const { person } =
      field === 'name'
        ? await renamePerson(lib, Number(id), value, base)
        : await setRole(lib, Number(id), value as 'viewer', base)
    return field === 'name' ? person.nameVersion : person.roleVersion
  },
  listed: async (lib, id) => {
    const person = (await listPeople(lib)).find((one) => String(one.id) === id)!
    return field === 'name' ? person.nameVersion : person.roleVersion
  },
})

/** A field of any value type, as the table below holds them. */
const anyField = <V>(one: Field<V>) => one as unknown as Field<unknown>

const FIELDS: ReadonlyArray<Field<unknown>> = [
  anyField<string>({
    name: "a collection's name (as collections:list gives it)",
    field: 'name',
    values: ['Dailies', 'Dailies wk 1', 'Final'],
    make: async (lib) => String((await createCollection(lib, 'Start')).collection.id),
    save: async (lib, id, value, base) => (await renameCollection(lib, Number(id), value, base)).version,
    listed: async (lib, id) =>
      (await lib.catalog.repos.collections.list(null)).find((c) => String(c.id) === id)!.version,
  }),
  anyField<string>({
    name: "a saved search's name (as searches:list gives it)",
    field: 'name',
    values: ['Picks', 'Picks wk 1', 'Final picks'],
    make: async (lib) => String((await saveSearch(lib, LIBRARY_USER, 'Start', { query: '', filter: {} })).search.id),
    save: async (lib, id, value, base) => (await renameSavedSearch(lib, LIBRARY_USER, Number(id), value, base)).version,
    listed: async (lib, id) =>
      (await listSavedSearches(lib, LIBRARY_USER)).searches.find((s) => String(s.id) === id)!.version,
  }),
  anyField(workflowField('name')),
  anyField(workflowField('description')),
  anyField(personField('name')),
  anyField(personField('role')),
  anyField<string>({
    name: "the library's name (a setting)",
    field: 'value',
    values: ['Studio', 'Studio B', 'Studio C'],
    make: async () => 'name',
    save: async (lib, _id, value, base) => (await renameLibrary(lib, value, base)).version,
    listed: async (lib) => (await settingVersions(lib.catalog.repos, ['name'])).name,
  }),
  anyField<number | null>({
    name: 'the ComfyUI output limit (a setting)',
    field: 'value',
    values: [1_000_000, null, 5_000_000],
    stored: (bytes) => (bytes === null ? null : String(bytes)),
    make: async () => 'comfy_output_limit_bytes',
    save: async (lib, _id, bytes, base) => (await setComfyOutputLimit(lib, bytes, base)).version,
    listed: async (lib) => (await comfyServer(lib)).versions.outputLimitBytes,
  }),
]

describe.each(ENGINES.flatMap((dialect) => FIELDS.map((one) => ({ dialect, ...one }))))(
  'versioned saves of $name on $dialect',
  ({ dialect, field, values, stored = (value) => value, make, save, listed }) => {
    const two = async () => {
      const catalog = createCatalog(await freshEngine(dialect))
      return { ada: { catalog, actor: 'Ada' }, bob: { catalog, actor: 'Bob' } }
    }

    it('is listed with its version, refuses a stale save with the value, who and when, writes one naming none', async () => {
      const { ada, bob } = await two()
      const id = await make(ada)
      expect(await listed(ada, id)).toBe(0)
      expect(await save(ada, id, values[0], 0)).toBe(1)
      expect(await listed(bob, id)).toBe(1)
      expect(await outcome(save(bob, id, values[1], 0))).toEqual({
        code: 'conflict',
        details: { field, value: stored(values[0]), version: 1, changedBy: 'Ada', changedAt: expect.any(String) },
      })
      expect(await listed(ada, id)).toBe(1)
      // A stale save of what is stored loses nothing; one naming no version (CLI, scripts) is written.
      expect(await save(bob, id, values[0], 0)).toBe(1)
      expect(await save(bob, id, values[2])).toBe(2)
      expect(await save(ada, id, values[1], 2)).toBe(3)
      expect(await listed(ada, id)).toBe(3)
    })

    it('lets exactly one of two simultaneous saves from one version win', async () => {
      const { ada, bob } = await two()
      const id = await make(ada)
      const results = await Promise.all([outcome(save(ada, id, values[0], 0)), outcome(save(bob, id, values[1], 0))])
      expect(results.filter((result) => 'ok' in result)).toEqual([{ ok: 1 }])
      expect(results.find((result) => !('ok' in result))).toMatchObject({ code: 'conflict', details: { version: 1 } })
      expect(await listed(ada, id)).toBe(1)
    })
  },
)

describe.each(ENGINES)('versioned edits beside others on %s', (dialect) => {
  it('keeps a workflow name and description apart, forgets them with the workflow, and forgets a ComfyUI server', async () => {
    const catalog = createCatalog(await freshEngine(dialect))
    const ada = { catalog, actor: 'Ada' }
    const made = await createWorkflow(ada, {
      name: 'W',
      status: 'draft',
      definition: workflowText,
      format: 'comfyui-ui',
    })
    const id = made.workflow.id
    const both = await updateWorkflow(ada, id, {
      name: 'N',
      description: 'D',
      baseVersions: { name: 0, description: 0 },
    })
    expect(both.versions).toMatchObject({ name: { version: 1, changedBy: 'Ada' }, description: { version: 1 } })
    // A stale description refuses the whole update: the name it carried is not written either.
    expect(
      await outcome(
        updateWorkflow(ada, id, { name: 'N2', description: 'D2', baseVersions: { name: 1, description: 0 } }),
      ),
    ).toMatchObject({ code: 'conflict', details: { field: 'description', value: 'D' } })
    expect((await getWorkflow(ada, id)).workflow).toMatchObject({ name: 'N', description: 'D' })
    // A status change alone makes no version.
    expect((await updateWorkflow(ada, id, { status: 'saved' })).versions.name.version).toBe(1)
    await deleteWorkflow(ada, id)
    expect(await catalog.repos.editVersions.ofRecord('workflow', id, ['name'])).toEqual({
      name: { version: 0, changedBy: null, changedAt: null },
    })

    expect((await setComfyServer(ada, null, 0)).settingVersion).toBe(1)
    expect(await outcome(setComfyServer(ada, null, 0))).toEqual({
      ok: { address: null, version: null, settingVersion: 1 },
    })
    expect((await comfyServer(ada)).versions).toEqual({ address: 1, outputLimitBytes: 0 })
  })

  it('makes no role version when the last-admin rule refuses the change', async () => {
    const catalog = createCatalog(await freshEngine(dialect))
    const ada = { catalog, actor: 'Ada' }
    const { person } = await addPerson(ada, { name: 'Ada', role: 'admin' }, null)
    expect(await outcome(setRole(ada, person.id, 'viewer', 0))).toMatchObject({
      code: 'conflict',
      details: undefined,
    })
    expect((await listPeople(ada))[0]).toMatchObject({ role: 'admin', roleVersion: 0 })
  })
})
