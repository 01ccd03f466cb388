import { useEffect, useState } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
import { toErrorShape } from '../../ui/error-shape'
import { batched } from '../../ui/batched'

/** What a page's load answers: the data once there (kept while a reload runs), or the failure. */
export interface Loaded<T> {
  data: T | null
  error: ErrorShape | null
  loading: boolean
}

// Tables whose changes a Workflows page shows (an import adds runs and assets, another window renames).
const WATCHED = ['workflows', 'workflow_executions', 'workflow_videos', 'videos']
const RELOAD_MS = 300

/**
 * Loads what `key` names with `load` and loads it again when the workflow tables change (an import,
 * the CLI, another window) or `version` moves. An answer for an older key is dropped.
 */
export function useWorkflowData<T>(key: string, load: () => Promise<T>, version = 0): Loaded<T> {
  const [changes, setChanges] = useState(0)
  // Which request an answer is for: a newer one (another key, a change) makes the page "loading" again.
  const request = `${key}\n${version}\n${changes}`
  const [state, setState] = useState<{ key: string; request: string; data: T | null; error: ErrorShape | null }>({
    key,
    request: '',
    data: null,
    error: null,
  })
  useEffect(() => {
    // An import sends a change per file: a burst costs one reload.
    const reload = batched(RELOAD_MS, () => setChanges((n) => n + 1))
    return api.onEvent((event) => {
      if (event.name === 'library:changed' && event.payload.tables.some((table) => WATCHED.includes(table))) reload()
    })
  }, [])
  useEffect(() => {
    let current = true
    load().then(
      (data) => current && setState({ key, request, data, error: null }),
      (error: unknown) =>
        current &&
        setState((old) => ({ key, request, data: old.key === key ? old.data : null, error: toErrorShape(error) })),
    )
    return () => {
      current = false
    }
    // `load` is a new closure each render; `request` names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request])
  if (state.key !== key) return { data: null, error: null, loading: true }
  return { data: state.data, error: state.error, loading: state.request !== request }
}
