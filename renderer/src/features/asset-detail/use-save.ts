import { useCallback, useState } from 'react'

/** Where a save stands, for an inline indicator: idle, saving, saved, or failed with the backend's message. */
export type SaveState = { status: 'idle' | 'saving' | 'saved' } | { status: 'failed'; message: string }

/** Runs saves one field at a time and keeps their state for the field's indicator. */
export function useSave(): [SaveState, (save: () => Promise<unknown>) => Promise<boolean>, () => void] {
  const [state, setState] = useState<SaveState>({ status: 'idle' })
  const run = useCallback(async (save: () => Promise<unknown>) => {
    setState({ status: 'saving' })
    try {
      await save()
      setState({ status: 'saved' })
      return true
    } catch (error) {
      setState({ status: 'failed', message: (error as Error).message })
      return false
    }
  }, [])
  const reset = useCallback(() => setState({ status: 'idle' }), [])
  return [state, run, reset]
}

/** The indicator's words for a save state ("" when idle). */
export function saveText(state: SaveState, saved = 'Saved'): string {
  if (state.status === 'saving') return 'Saving…'
  if (state.status === 'saved') return saved
  if (state.status === 'failed') return `Not saved: ${state.message}`
  return ''
}
