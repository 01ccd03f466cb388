import { useState } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { reloadOntoOpenedLibrary } from '../../api/library-opened'
import { toErrorShape } from '../../ui/error-shape'
import { write } from '../../api/queries'

/**
 * Asks the host to open another library in place of this one (`library:open`; it names the libraries it
 * allows) and reloads onto it; `opening` is the folder asked for meanwhile, `error` the refusal in words.
 */
export function useOpenLibrary() {
  const [opening, setOpening] = useState<string | null>(null)
  const [error, setError] = useState<ErrorShape | null>(null)
  const open = async (path: string) => {
    setOpening(path)
    setError(null)
    try {
      await write('library:open', { path })
      reloadOntoOpenedLibrary()
    } catch (failure) {
      setError(toErrorShape(failure))
      setOpening(null)
    }
  }
  return { open, opening, error }
}
