import { useEffect, useRef, useState } from 'react'
import { useSave } from './use-save'
import { write } from '../../api/queries'

/**
 * An asset's rating as the user sets it, from the version shown: shown at once, saved one change after another (so
 * the last key press is the rating stored, whatever order replies come in; a press overtaken by a later one while it
 * waits is not sent, so a quick run of presses costs two saves, not one each), and shown until
 * the stored value has caught up with it. Refetches answering earlier saves of a quick run of
 * presses bring older values first; showing those would make the next press count from them.
 */
export function useRating(id: string, stored: number, storedVersion: number) {
  const [pending, setPending] = useState<{ id: string; value: number } | null>(null)
  const [inFlight, setInFlight] = useState(0)
  const [state, save] = useSave()
  const queue = useRef<Promise<unknown>>(Promise.resolve())
  // The last press per asset: a waiting save of the same asset that a later press overtook is not sent.
  const latest = useRef(new Map<string, number>())
  const presses = useRef(0)
  // The version each save is made from: the one shown, or our own last save's when its refetch has not come yet
  // (versions only grow). A rating someone else set since is refused, and theirs is shown with who set it.
  const shown = useRef({ id, version: storedVersion })
  const own = useRef({ id, version: 0 })
  useEffect(() => {
    shown.current = { id, version: storedVersion }
  })
  const baseVersion = () =>
    Math.max(shown.current.id === id ? shown.current.version : 0, own.current.id === id ? own.current.version : 0)
  const live = pending?.id === id ? pending : null

  // Caught up: from here on the stored value (another window's changes too) is shown. Set while
  // rendering, as React allows for a component's own state, so no frame shows the old value.
  if (live && inFlight === 0 && stored === live.value) setPending(null)

  const set = (rating: number) => {
    setPending({ id, value: rating })
    setInFlight((n) => n + 1)
    const press = ++presses.current
    latest.current.set(id, press)
    queue.current = queue.current
      .then(() =>
        latest.current.get(id) !== press
          ? true
          : save(async () => {
              const { version } = await write('media:set-rating', { ids: [id], rating, baseVersion: baseVersion() })
              if (version !== undefined) own.current = { id, version }
            }),
      )
      .then((ok) => {
        if (!ok) setPending(null)
        setInFlight((n) => n - 1)
      })
  }
  return { rating: live?.value ?? stored, set, state }
}
