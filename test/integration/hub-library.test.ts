import { statSync } from 'node:fs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { EventMessage, ImportItem, ImportJob, Job, StoredLibraryInfo, MediaAsset } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { openHubLibrary, type HubDatabase } from '../../main/app/open-hub-library'
import { postgresMigrations } from '../../main/db/postgres/migrations/index'
import { postgresFacts } from '../../main/db/postgres/postgres-facts'
import { dispatch } from '../../main/dispatch'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { call } from '../helpers/browse'
import { freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

type Page = { items: MediaAsset[]; total: number }

let fixtures: Fixtures
beforeAll(async () => {
  fixtures = await ensureFixtures()
})

const opened: Library[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((lib) => lib.close()))
})

/** A hub's library over `database` with its files in `dir`, closed after the test. */
async function hub(dir: string, database: HubDatabase, actor: string): Promise<Library> {
  const lib = await openHubLibrary(dir, database, { actor })
  opened.push(lib)
  return lib
}

/** Imports `paths` through the contract and waits for the job's end: the job and its files' outcomes. */
async function importPaths(lib: Library, paths: string[]): Promise<{ job: ImportJob; items: ImportItem[] }> {
  const { job } = await call<{ job: ImportJob }>(lib, 'media:import', { paths, link: false })
  await lib.importer.settled(job.id)
  return call(lib, 'import:get', { jobId: job.id })
}

describe('a library on a hub (PostgreSQL)', () => {
  it('imports, browses and tags through the contract; another process sees the assets, the job and the changes', async () => {
    const database = await freshHubDatabase()
    const dir = tempDir()
    const [first, second] = [await hub(dir, database, 'ann'), await hub(dir, database, 'bo')]
    const seen: EventMessage[] = []
    second.events.subscribe((event) => seen.push(event))

    const { job, items } = await importPaths(first, [fixtures.mp4, fixtures.png, fixtures.duplicate])
    expect(job).toMatchObject({ state: 'done', counts: { imported: 2, duplicate: 1, failed: 0 } })
    const clip = items.find((item) => item.path === fixtures.mp4)!.asset!
    expect(items.find((item) => item.path === fixtures.duplicate)).toMatchObject({
      outcome: 'duplicate',
      asset: { id: clip.id, name: 'clip.mp4' },
    })

    // The other process lists what the first imported, its job, and hears of the change from the change log.
    const page = await call<Page>(second, 'media:list', { sort: { by: 'name', dir: 'asc' }, limit: 10, view: 'full' })
    expect(page.items.map((asset) => [asset.name, asset.importedBy])).toEqual([
      ['clip.mp4', 'ann'],
      [expect.stringMatching(/\.png$/), 'ann'],
    ])
    const { jobs } = await call<{ jobs: Job[] }>(second, 'jobs:list', { kind: 'import' })
    expect(jobs.map((listed) => [listed.id, listed.state])).toEqual([[job.id, 'done']])
    await expect
      .poll(() => seen.some((event) => event.name === 'library:changed' && event.payload.tables.includes('videos')))
      .toBe(true)

    // A tag set in one process narrows the other's search and facets.
    await call(second, 'media:tag', { ids: [clip.id], tags: ['Harbour'] })
    const tagged = await call<Page>(first, 'media:list', {
      sort: { by: 'name', dir: 'asc' },
      limit: 10,
      filter: { tags: ['Harbour'] },
    })
    expect(tagged.items.map((asset) => asset.id)).toEqual([clip.id])
    type Facets = { mediaType: Array<{ value: string; count: number }> }
    const facets = await call<Facets>(first, 'media:facets', { filter: { tags: ['Harbour'] } })
    expect(facets.mediaType).toEqual([{ value: 'video', count: 1 }])

    // The same file imported again, from the other process: a duplicate of the asset the first made.
    const again = await importPaths(second, [fixtures.mp4])
    expect(again.items).toEqual([
      expect.objectContaining({ outcome: 'duplicate', asset: expect.objectContaining({ id: clip.id }) }),
    ])
  })

  it("tells of the hub's catalogue in library:info (its server, not its password), and refuses an in-app backup", async () => {
    const database = await freshHubDatabase()
    const lib = await hub(tempDir(), database, 'ann')
    await importPaths(lib, [fixtures.mp4])
    const info = await call<StoredLibraryInfo>(lib, 'library:info', {})
    expect(info).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Framevault hub' })
    expect(Date.parse(info.createdAt)).toBeGreaterThan(Date.parse('2026-01-01'))
    const server = new URL(database.url)
    expect(info.databasePath).toBe(`postgres://${server.username}@${server.host}${server.pathname}`)
    expect(info.schemaVersion).toBe(postgresMigrations.at(-1)!.version)
    expect(info.tables).toEqual(
      expect.arrayContaining([
        { name: 'videos', rows: 1 },
        { name: 'import_items', rows: 1 },
        // The import and what follows it: its thumbnails and its sidecar pairing.
        { name: 'jobs', rows: 3 },
      ]),
    )
    expect(info.bytesOnDisk.database).toBeGreaterThan(0)
    expect(info.bytesOnDisk.assets).toBe(statSync(fixtures.mp4).size)
    // A large table's rows are PostgreSQL's estimate, marked so (here "large" is one row, once ANALYZE has looked).
    await database.sql.run('ANALYZE videos')
    const facts = await postgresFacts(database.sql, database.url, 1)
    expect(facts.tables).toEqual(
      expect.arrayContaining([
        { name: 'videos', rows: 1, estimated: true },
        // The import and what follows it: its thumbnails and its sidecar pairing.
        { name: 'jobs', rows: 3 },
      ]),
    )
    const backup = await dispatch(lib, 'library:backup', {})
    expect(backup).toMatchObject({
      ok: false,
      error: { code: 'unsupported', message: expect.stringMatching(/pg_dump/) },
    })
    expect(lib.sqlite).toBeNull()
  })
})
