import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { MediaFacets } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import type { LocalLibrary } from '../../main/services/library-context'
import { databaseIdentity } from '../../main/db/open-database'
import { createFacetRowsRepo } from '../../main/db/repos/facet-rows'
import { mediaFacets, searchParams } from '../../main/services/assets/media-search'
import { addToCollection, createCollection } from '../../main/services/collections/collections'
import { createFacetIndex } from '../../main/services/facet-index/facet-index'
import { readAllNow, readInTurns } from '../../main/services/facet-index/facet-read'
import { packColumns, unpackColumns } from '../../main/services/facet-index/facet-snapshot'
import { dropMemberships, membershipPairs } from '../../main/services/facet-index/memberships'
import { facetSnapshotPath, libraryFacetSources } from '../../main/services/facet-index/facet-sources'
import { rateAssets, tagAssets } from '../../main/services/assets/tags'
import { seedAssets } from '../helpers/assets'
import { tempDir } from '../helpers/temp-dir'

/** A library of 60 synthetic assets with tags, a rating and a collection, whose facets have been asked once. */
async function usedLibrary(dir = tempDir()): Promise<LocalLibrary> {
  const lib = openLibrary(dir)
  const ids = (await seedAssets(lib, 60)).map((asset) => asset.id)
  await tagAssets(lib, ids.slice(0, 7), ['beach', 'Night'])
  await rateAssets(lib, ids.slice(5, 9), 4)
  await createCollection(lib, 'selects')
  await addToCollection(lib, 1, ids.slice(2, 6))
  await mediaFacets(lib)
  return lib
}

/** The counts of a fresh read of the library on a connection of its own: what any index must give. */
function freshFacets(lib: LocalLibrary): MediaFacets {
  const db = new Database(lib.sqlite.path, { readonly: true })
  try {
    const index = createFacetIndex(createFacetRowsRepo(db))
    return db.transaction(() => index.facets(searchParams(undefined, {}), {}))()
  } finally {
    db.close()
  }
}

/**
 * A library's facet index whose read in turns fails (counted): it serves from the snapshot, or, when the
 * snapshot is refused, reads the library at once on the first count.
 */
function snapshotFirstIndex(lib: LocalLibrary) {
  let reads = 0
  const index = createFacetIndex(lib.sqlite.repos.facetRows, {
    ...libraryFacetSources(lib.dir, lib.sqlite.path),
    openReader: () => {
      reads++
      throw new Error('read the library instead of the snapshot')
    },
  })
  return {
    reads: () => reads,
    async counts(): Promise<MediaFacets> {
      await index.ready()
      return lib.sqlite.db.transaction(() => index.facets(searchParams(undefined, {}), {}))()
    },
  }
}

describe('the facet index kept between runs (issue 22, point 2)', () => {
  it('is written at close and read back at the next first request, caught up with what changed meanwhile', async () => {
    const dir = tempDir()
    const first = await usedLibrary(dir)
    await first.close()
    expect(existsSync(facetSnapshotPath(dir))).toBe(true)

    // Written by another process while no index was in memory: the change log carries it.
    const other = new Database(`${dir}/library.db`)
    other.prepare("UPDATE videos SET codec = 'ffv1' WHERE rowid IN (1, 2, 3)").run()
    other.prepare('DELETE FROM videos WHERE rowid = 4').run()
    other.close()

    const lib = openLibrary(dir)
    try {
      const index = snapshotFirstIndex(lib)
      const counts = await index.counts()
      expect(index.reads()).toBe(0)
      expect(counts).toEqual(freshFacets(lib))
      expect(counts.codec).toContainEqual({ value: 'ffv1', count: 3 })
      expect(counts.total).toBe(59)
    } finally {
      await lib.close()
    }
  })

  it('is not used for another database file, a damaged file, or once the change log no longer reaches it', async () => {
    const lib = await usedLibrary()
    try {
      await lib.sqlite.facetIndex.save()
      const file = facetSnapshotPath(lib.dir)
      const whole = readFileSync(file)
      const served = snapshotFirstIndex(lib)
      expect((await served.counts()).total).toBe(60)
      expect(served.reads()).toBe(0)

      expect(unpackColumns(whole, 'another database')).toBeNull()
      writeFileSync(file, whole.subarray(0, whole.length - 9))
      expect(unpackColumns(readFileSync(file), databaseIdentity(lib.sqlite.path))).toBeNull()
      const damaged = snapshotFirstIndex(lib)
      expect(await damaged.counts()).toEqual(freshFacets(lib))
      expect(damaged.reads()).toBe(1)

      // Every rating changes, then the log loses those entries: caught up from the log, the snapshot would be wrong.
      writeFileSync(file, whole)
      lib.sqlite.db.exec(`UPDATE videos SET rating = 1; DELETE FROM facet_changes`)
      lib.sqlite.db.exec(`UPDATE videos SET rating = 2 WHERE rowid = 1`)
      const unreachable = snapshotFirstIndex(lib)
      expect(await unreachable.counts()).toEqual(freshFacets(lib))
      expect(unreachable.reads()).toBe(1)
    } finally {
      await lib.close()
    }
  })

  it('packs every column so that it unpacks to the same counts for any query', async () => {
    const lib = await usedLibrary()
    try {
      const read = lib.sqlite.db.transaction(() => readAllNow(lib.sqlite.repos.facetRows))()
      const identity = databaseIdentity(lib.sqlite.path)
      const back = unpackColumns(packColumns(read, identity), identity)!
      expect(back.readUpTo).toBe(read.readUpTo)
      expect(back.cols.group).toEqual(read.cols.group)
      expect(back.cols.ranged).toEqual(read.cols.ranged)
      expect(back.cols.ftsRows).toEqual(read.cols.ftsRows)
      expect(back.cols.groupOf).toEqual(read.cols.groupOf)
      for (const name of ['tags', 'collections', 'loras'] as const) {
        expect(membershipPairs(back.cols[name])).toEqual(membershipPairs(read.cols[name]))
      }
      // A change after a load needs an asset's memberships by themselves: they are made from the loaded pairs.
      const [tagged] = membershipPairs(read.cols.tags).rows
      expect(tagged).toBeDefined()
      dropMemberships(back.cols.tags, tagged!)
      dropMemberships(read.cols.tags, tagged!)
      expect(membershipPairs(back.cols.tags)).toEqual(membershipPairs(read.cols.tags))
      expect(membershipPairs(back.cols.tags).rows).not.toContain(tagged)
      for (const name of Object.keys(read.cols.dictionaries) as Array<keyof typeof read.cols.dictionaries>) {
        expect(back.cols.dictionaries[name].values).toEqual(read.cols.dictionaries[name].values)
      }
    } finally {
      await lib.close()
    }
  })
})

describe('the first read of the facet index', () => {
  it('gives the event loop turns while it reads, and reads what a read at once reads', async () => {
    const lib = await usedLibrary()
    try {
      // Another piece of work that needs a turn of the event loop for each of its steps.
      let turns = 0
      let reading = true
      const tick = () => {
        turns++
        if (reading) setImmediate(tick)
      }
      setImmediate(tick)
      const reader = libraryFacetSources(lib.dir, lib.sqlite.path).openReader()
      const inTurns = await readInTurns(reader, 10).finally(() => (reading = false))
      // 60 assets, 14 tag and 4 collection memberships, 60 text rows: a turn after each slice of 10.
      expect(turns).toBeGreaterThanOrEqual(13)
      const atOnce = lib.sqlite.db.transaction(() => readAllNow(lib.sqlite.repos.facetRows))()
      expect(inTurns.readUpTo).toBe(atOnce.readUpTo)
      expect(inTurns.cols.group).toEqual(atOnce.cols.group)
      expect(inTurns.cols.tags.byRow).toEqual(atOnce.cols.tags.byRow)
    } finally {
      await lib.close()
    }
  })
})
