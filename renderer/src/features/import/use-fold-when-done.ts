import { useEffect, useState, type RefObject } from 'react'
import type { ImportEntry } from './import-entries'
import { needsLook } from './import-summary'
import { isActive } from './ImportJobCard'

// Long enough to read "Done · 12 imported", short enough that the panel is not left over the grid.
const FOLD_AFTER_MS = 4000
// While the pointer or focus is in the panel someone is reading it: look again this much later.
const RETRY_MS = 1000

/**
 * Folds the open panel a few seconds after the imports it watched running (or begin: a small drop's import may end
 * before the panel shows it running) have all finished cleanly; imports that end with failures or duplicates keep it open, as does a pointer over it or
 * focus in its body. A panel opened over finished imports stays until closed.
 */
export function useFoldWhenDone(
  root: RefObject<HTMLElement | null>,
  open: boolean,
  entries: ImportEntry[],
  /** Something that still wants the panel: an upload, a dropped workflow not yet added or dismissed. */
  waiting: boolean,
  fold: () => void,
): void {
  const [watched, setWatched] = useState<readonly string[]>([])
  // The imports there when the panel opened: one that comes later began while it was open, however fast it ended.
  const [there, setThere] = useState<readonly string[] | null>(null)
  const activeIds = entries.filter((entry) => isActive(entry.job)).map((entry) => entry.job.id)
  const began = there === null ? [] : entries.map((entry) => entry.job.id).filter((id) => !there.includes(id))
  const fresh = open ? [...new Set([...activeIds, ...began])].filter((id) => !watched.includes(id)) : []
  // Which imports the open panel saw running or begin: state adjusted while rendering, as React advises for state
  // that follows props.
  if (open && there === null) setThere(entries.map((entry) => entry.job.id))
  else if (!open && there !== null) setThere(null)
  if (!open && watched.length > 0) setWatched([])
  else if (fresh.length > 0) setWatched([...watched, ...fresh])
  const cleanEnd =
    open &&
    !waiting &&
    activeIds.length === 0 &&
    watched.length > 0 &&
    !entries.some((entry) => watched.includes(entry.job.id) && needsLook(entry))

  // Depends on the outcome only: progress events re-rendering the panel must not restart the wait.
  useEffect(() => {
    if (!cleanEnd) return
    let timer = 0
    const attempt = () => {
      const element = root.current
      // Focus left on the toggle after opening is no reading; focus in the opened body is.
      const body = element?.querySelector('.import-panel-body')
      if (element && (element.matches(':hover') || body?.contains(document.activeElement))) {
        timer = window.setTimeout(attempt, RETRY_MS)
      } else fold()
    }
    timer = window.setTimeout(attempt, FOLD_AFTER_MS)
    return () => window.clearTimeout(timer)
  }, [cleanEnd, root, fold])
}
