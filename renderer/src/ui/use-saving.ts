import { useState } from 'react'
import { toErrorShape } from './error-shape'

/** A form's save: busy while it runs, its failure's message kept to show (cleared when the next save starts). */
export function useSaving(): {
  busy: boolean
  error: string | null
  setError(message: string | null): void
  save(action: () => Promise<void>): Promise<void>
} {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const save = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (failure) {
      setError(toErrorShape(failure).message)
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, setError, save }
}
