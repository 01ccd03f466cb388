import type { MediaFacets, MediaFilter } from '../../../shared/contract'
import { createPostgresFacetRows, type PostgresFacetRows } from '../../db/repos/facet-rows-postgres'
import type { SearchParams } from '../../db/browse-model/search-params'
import type { SqlEngine } from '../../db/sql/sql-engine'
import { facetsOf } from './facet-answer'
import { addLoras, createColumns, replaceRows, setRow, type FacetColumns } from './facet-columns'
import { countFacets } from './facet-count'
import { layoutInTurns } from './group-layout'
import { selectionFor } from './facet-selection'
import { catchUp, settleLater, type ColumnSource, type HeldColumns } from './keep-current'
import { addMemberships } from './memberships'

// Assets read per statement in the first read (a few megabytes of rows).
const PAGE = 20_000

/**
 * A hub's facet counts from every asset's facet columns in memory, as a library's facet index gives them
 * (facet-index.ts: the same columns and counting), read from its PostgreSQL catalogue and kept current from
 * migration 0220's change log, so writes by this process or any other are seen at the next request. The first
 * request reads every asset (seconds at a million); each after reads only the assets changed since, all in one
 * REPEATABLE READ transaction with the counting (one snapshot). Requests are answered one after another, as they
 * update the same columns.
 */
export function createHubFacetIndex(sql: SqlEngine) {
  const held: HeldColumns = { cols: null, readUpTo: 0 }
  // What the last text query matched, good while the change log stands where it stood.
  let matchedText: { match: string; upTo: number; rowids: number[] } | null = null
  let queue: Promise<unknown> = Promise.resolve()

  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work)
    queue = run.catch(() => {})
    return run
  }
  const readAll = async (repo: PostgresFacetRows): Promise<FacetColumns> => {
    const read = createColumns((await repo.maxRowid()) + 1)
    for (let after = 0; ;) {
      const rows = await repo.page(after, PAGE)
      if (rows.length === 0) break
      for (const row of rows) setRow(read, row)
      after = rows.at(-1)![0]
    }
    addMemberships(read.tags, await repo.tags())
    addMemberships(read.collections, await repo.collections())
    addLoras(read, await repo.loras())
    await layoutInTurns(read)
    return read
  }
  /** What the index reads as it catches up with the change log (keep-current.ts), in the caller's transaction. */
  const sourceOf = (repo: PostgresFacetRows): ColumnSource => ({
    firstSeq: () => repo.firstSeq(),
    lastSeq: () => repo.lastSeq(),
    changedSince: (seq) => repo.changedSince(seq),
    readAll: () => readAll(repo),
    readChanged: async (current, chunk) =>
      replaceRows(current, chunk, {
        rows: await repo.some(chunk),
        tags: await repo.tags(chunk),
        collections: await repo.collections(chunk),
        loras: await repo.loras(chunk),
      }),
  })
  /** 1 per row id the text query finds (the columns' size). */
  const textMarks = async (repo: PostgresFacetRows, columns: FacetColumns, match: string): Promise<Uint8Array> => {
    if (matchedText?.match !== match || matchedText.upTo !== held.readUpTo) {
      matchedText = { match, upTo: held.readUpTo, rowids: await repo.textMatches(match) }
    }
    const marks = new Uint8Array(columns.capacity)
    for (const rowid of matchedText.rowids) marks[rowid] = 1
    return marks
  }
  const caughtUp = async (repo: PostgresFacetRows): Promise<FacetColumns> => {
    try {
      return await settleLater(catchUp(held, sourceOf(repo)))
    } catch (error) {
      // Maybe left half caught up: the next request reads everything again.
      held.cols = null
      throw error
    }
  }
  /** The counts for one filter state, with the names of the tags counted: all of one snapshot. */
  const count = (params: SearchParams, filter: MediaFilter) =>
    sql.transaction(
      async (tx): Promise<MediaFacets> => {
        const repo = createPostgresFacetRows(tx)
        const columns = await caughtUp(repo)
        const tagIds = params.tags === null ? [] : await repo.tagIds(JSON.parse(params.tags) as string[])
        const matched = params.query === null ? null : await textMarks(repo, columns, params.query)
        const counted = countFacets(
          columns,
          selectionFor(() => tagIds, columns, params, filter, matched),
        )
        const tagNames = counted.tags.size === 0 ? new Map() : await repo.tagNames([...counted.tags.keys()])
        return facetsOf(columns, counted, tagNames)
      },
      { readOnly: true },
    )

  return {
    /** Reads the columns now, unless a request has: the first request then need not wait (seconds at a million). */
    async warm(): Promise<void> {
      await serially(() => sql.transaction((tx) => caughtUp(createPostgresFacetRows(tx)), { readOnly: true }))
    },
    /** Counts and ranges for one filter state (`params` as media-search.ts binds them). */
    facets: (params: SearchParams, filter: MediaFilter): Promise<MediaFacets> => serially(() => count(params, filter)),
  }
}
