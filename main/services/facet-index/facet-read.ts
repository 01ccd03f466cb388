import { setImmediate as nextTurn } from 'node:timers/promises'
import type { FacetGroupsRepo } from '../../db/repos/facet-groups'
import type { FacetRowsRepo } from '../../db/repos/facet-rows'
import { addLoras, createColumnsInSteps, setRow, type FacetColumns } from './facet-columns'
import { setFtsRows } from './fts-rows'
import { layoutSteps } from './group-layout'
import { addMemberships } from './memberships'

/** Columns read from the library, and the last change-log entry they include (later ones are caught up). */
export interface ReadColumns {
  cols: FacetColumns
  readUpTo: number
}

// Assets read between two turns of the event loop in a read that yields (about 25 ms of work here).
const SLICE = 2_500
// Values of a range column set to NaN between two turns, before the read (2 MB: under 10 ms here).
const FILL_SLICE = 262_144

/**
 * Reads every asset's facet columns. Yields after every `slice` assets, so a caller can give the event
 * loop a turn between slices; the repo must be inside one read transaction for the whole walk (its change
 * log position and its rows one snapshot), and is used by nothing else meanwhile (an open iterator holds
 * its connection).
 */
export function* readSteps(repo: FacetRowsRepo, slice = SLICE): Generator<void, ReadColumns> {
  const readUpTo = repo.lastSeq()
  const flagged = repo.flagged()
  const nearDuplicates = repo.nearDuplicates()
  const generation = repo.generation()
  const withWorkflow = repo.withWorkflow()
  const stacked = repo.stacked()
  const cols = yield* createColumnsInSteps(repo.maxRowid() + 1, FILL_SLICE)
  let inSlice = 0
  for (const row of repo.all()) {
    if (flagged.has(row[0])) row[13] = flagged.get(row[0])!
    if (nearDuplicates.has(row[0])) row[14] = 1
    const generated = generation.get(row[0])
    if (generated) row.splice(15, 4, ...generated)
    if (withWorkflow.has(row[0])) row[19] = 1
    if (stacked.has(row[0])) row[20] = 1
    setRow(cols, row)
    if (++inSlice === slice) {
      inSlice = 0
      yield
    }
  }
  yield* inSlices(repo.eachTag(), slice, (pairs) => addMemberships(cols.tags, pairs))
  yield* inSlices(repo.eachCollection(), slice, (pairs) => addMemberships(cols.collections, pairs))
  yield* inSlices(repo.eachLora(), slice, (pairs) => addLoras(cols, pairs))
  yield* inSlices(repo.eachFtsPair(), slice, (pairs) => setFtsRows(cols.ftsRows, pairs.flat()))
  yield* layoutSteps(cols)
  return { cols, readUpTo }
}

/** Hands `rows` to `take` `slice` at a time, yielding after each slice. */
function* inSlices<T>(rows: IterableIterator<T>, slice: number, take: (rows: T[]) => void): Generator<void> {
  let batch: T[] = []
  for (const row of rows) {
    batch.push(row)
    if (batch.length === slice) {
      take(batch)
      batch = []
      yield
    }
  }
  take(batch)
}

/** Reads every asset's facet columns at once (the caller holds the read transaction). */
export function readAllNow(repo: FacetRowsRepo): ReadColumns {
  const steps = readSteps(repo, Number.MAX_SAFE_INTEGER)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** A read-only connection of its own to the library database, for a read that spans turns of the event loop. */
export interface FacetReader {
  repo: FacetRowsRepo
  groups: FacetGroupsRepo
  /** Runs SQL on the reader's connection (BEGIN, COMMIT). */
  exec(sql: string): void
  close(): void
}

/**
 * Reads every asset's facet columns on `reader`'s connection, one slice per turn of the event loop: other
 * requests are answered between slices (`slice` assets, or memberships, each) instead of waiting for the whole
 * read (seconds at a million assets).
 * One read transaction holds the snapshot; the reader is closed at the end.
 */
export async function readInTurns(reader: FacetReader, slice = SLICE): Promise<ReadColumns> {
  try {
    reader.exec('BEGIN')
    const steps = readSteps(reader.repo, slice)
    for (;;) {
      const step = steps.next()
      if (step.done) return step.value
      await nextTurn()
    }
  } finally {
    reader.close()
  }
}
