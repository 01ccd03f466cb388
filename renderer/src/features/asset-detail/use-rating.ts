import { useRef, useState } from 'react'
import { api } from '../../api/index'
import { useSave } from './use-save'

/**
 * An asset's rating as the user sets it: shown at once, saved one change after another (so
 * the last key press is the rating stored, whatever order replies come in), and given back to
 * the stored value once the saves are done and the stored value moves on (another window).
 */
export function useRating(id: string, stored: number) {
  const [pending, setPending] = useState<{ id: string; value: number; base: number } | null>(null)
  const [inFlight, setInFlight] = useState(0)
  const [state, save] = useSave()
  const queue = useRef<Promise<unknown>>(Promise.resolve())
  const live = pending?.id === id && (inFlight > 0 || stored === pending.base) ? pending : null
  const shown = live?.value ?? stored

  const set = (rating: number) => {
    setPending({ id, value: rating, base: live?.base ?? stored })
    setInFlight((n) => n + 1)
    queue.current = queue.current
      .then(() => save(() => api['media:set-rating']({ ids: [id], rating })))
      .then((ok) => {
        if (!ok) setPending(null)
        setInFlight((n) => n - 1)
      })
  }
  return { rating: shown, set, state }
}
