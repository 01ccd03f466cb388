import type { FacetColumns } from './facet-columns'

// Past this many changed assets since the last read, reading everything again is cheaper than one by one.
const REREAD_ALL_AFTER = 50_000
// Changed assets are read this many at a time (one bound JSON list each).
const CHUNK = 5_000

/** A call that answers at once (a library's SQLite) or later (a hub's PostgreSQL). */
type Answer<T> = T | Promise<T>

/** A change log (a library's migration 0140, a hub's 0220) whose calls answer at once, as a library's does. */
export interface ChangeLogNow {
  firstSeq(): number | null
  lastSeq(): number
  changedSince(seq: number): number[]
}

/** A change log as what is kept from it in memory reads it, on either engine. */
export type ChangeLog = {
  [K in keyof ChangeLogNow]: (...args: Parameters<ChangeLogNow[K]>) => Answer<ReturnType<ChangeLogNow[K]>>
}

/** Where a facet index's columns come from: the change log, every asset's columns, and some assets' again. */
export interface ColumnSource extends ChangeLog {
  readAll(): Answer<FacetColumns>
  /** Puts what is read again of these assets (at most CHUNK) into the columns. */
  readChanged(cols: FacetColumns, rowids: number[]): Answer<void>
}

/** Columns in memory (null before the first read) and the last change-log entry they include. */
export interface HeldColumns {
  cols: FacetColumns | null
  readUpTo: number
}

// The steps of a catch-up yield each call to the log or the rows and are given its answer back: the same steps run
// at once on SQLite (settleNow) and awaiting each answer on PostgreSQL (settleLater).
type Steps<T> = Generator<unknown, T, unknown>

/**
 * The assets changed after entry `upTo` and the last entry now: `changed` is null when they cannot be told one by one
 * (the log was trimmed past `upTo`) or are more than `most`; the caller reads everything again then.
 */
export function* changesSince(
  log: ChangeLog,
  upTo: number,
  most: number,
): Steps<{ last: number; changed: number[] | null }> {
  const last = (yield log.lastSeq()) as number
  if (last === upTo) return { last, changed: [] }
  const first = (yield log.firstSeq()) as number | null
  if (first !== null && first > upTo + 1) return { last, changed: null }
  const changed = (yield log.changedSince(upTo)) as number[]
  return { last, changed: changed.length > most ? null : changed }
}

/** Brings `held` up to the log: every asset read the first time, then only those changed since, CHUNK at a time. */
export function* catchUp(held: HeldColumns, source: ColumnSource): Steps<FacetColumns> {
  if (held.cols === null) {
    const last = (yield source.lastSeq()) as number
    held.cols = (yield source.readAll()) as FacetColumns
    held.readUpTo = last
    return held.cols
  }
  const { last, changed } = yield* changesSince(source, held.readUpTo, REREAD_ALL_AFTER)
  if (changed === null) held.cols = (yield source.readAll()) as FacetColumns
  else
    for (let at = 0; at < changed.length; at += CHUNK)
      yield source.readChanged(held.cols, changed.slice(at, at + CHUNK))
  held.readUpTo = last
  return held.cols
}

/** Runs steps whose calls answer at once. */
export function settleNow<T>(steps: Steps<T>): T {
  for (let step = steps.next(); ;) {
    if (step.done) return step.value
    if (step.value instanceof Promise) throw new Error('A call that answers at once returned a promise')
    step = steps.next(step.value)
  }
}

/** Runs steps, awaiting each call's answer. */
export async function settleLater<T>(steps: Steps<T>): Promise<T> {
  for (let step = steps.next(); ;) {
    if (step.done) return step.value
    step = steps.next(await step.value)
  }
}
