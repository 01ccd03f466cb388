import type { Detection } from './stage-outputs'

/** One detection across the checkpoints compared: a term over a stretch of time, and each checkpoint's span of it. */
export interface DetectionRow {
  term: string
  /** When the earliest checkpoint that found it first saw it (the row's place in time). */
  start: number
  /** Per checkpoint (in the columns' order), its detection of this term here, or null when it found none. */
  cells: (Detection | null)[]
  /** Per checkpoint: it found this and at least one other checkpoint did not ("found here, not there"). */
  onlyHere: boolean[]
}

/**
 * The detections of 2–8 checkpoints side by side, by time: detections of one term whose spans overlap (within
 * `slack` seconds, a frame or two of sampling) are one row, one cell per checkpoint; a checkpoint that did not see
 * the term then has an empty cell, and those that did are marked "found here, not there". `lists[i]` null (no
 * match output) or undefined (not read yet) counts as finding nothing.
 */
export function detectionRows(
  lists: readonly (readonly Detection[] | null | undefined)[],
  slack = 0.5,
): DetectionRow[] {
  const columns = lists.length
  const all = lists.flatMap((list, column) => (list ?? []).map((detection) => ({ detection, column })))
  all.sort(
    (a, b) =>
      (a.detection.term < b.detection.term ? -1 : a.detection.term > b.detection.term ? 1 : 0) ||
      a.detection.first_seen - b.detection.first_seen ||
      a.column - b.column,
  )
  const rows: (DetectionRow & { end: number })[] = []
  for (const { detection, column } of all) {
    const open = rows.findLast(
      (row) => row.term === detection.term && row.cells[column] === null && detection.first_seen <= row.end + slack,
    )
    if (open) {
      open.cells[column] = detection
      open.end = Math.max(open.end, detection.last_seen)
    } else {
      const cells: (Detection | null)[] = Array.from({ length: columns }, () => null)
      cells[column] = detection
      rows.push({ term: detection.term, start: detection.first_seen, end: detection.last_seen, cells, onlyHere: [] })
    }
  }
  return rows
    .map(({ term, start, cells }) => {
      const missing = cells.some((cell) => cell === null)
      return { term, start, cells, onlyHere: cells.map((cell) => missing && cell !== null) }
    })
    .sort((a, b) => a.start - b.start || (a.term < b.term ? -1 : 1))
}
