import { useEffect, useRef, useState } from 'react'
import type { ExternalCaches } from '../../../../shared/contract'
import { api } from '../../api/index'
import { toErrorShape } from '../../ui/error-shape'
import { rememberPath } from './plugin-caches-view'

/** What `usePluginCaches` answers for the path asked for. */
export interface OpenedCaches {
  caches: ExternalCaches | null
  /** The backend's refusal in words (not found, not a database, outside the allowed folders…). */
  error: string | null
  loading: boolean
}

interface Loaded extends OpenedCaches {
  key: string
}

/** The caches of `path`, and the files opened last (quick links), newest first. */
export interface PluginCachesState extends OpenedCaches {
  recent: string[]
}

/**
 * Reads a plugin's database (`caches:open`) whenever `path` or `attempt` changes (Open on the
 * same path reads it again); a late answer for a path left behind is dropped.
 */
export function usePluginCaches(path: string, attempt: number): PluginCachesState {
  const key = `${attempt}\u0000${path}`
  const [state, setState] = useState<Loaded>({ key: '', caches: null, error: null, loading: false })
  const latest = useRef(key)
  const [recent, setRecent] = useState(loadRecent)
  useEffect(() => {
    latest.current = key
    if (path === '') return
    api['caches:open']({ path }).then(
      (caches) => {
        if (latest.current !== key) return
        setState({ key, caches, error: null, loading: false })
        setRecent(saveRecent(path))
      },
      (error: unknown) => {
        if (latest.current === key) setState({ key, caches: null, error: toErrorShape(error).message, loading: false })
      },
    )
  }, [key, path])
  if (path === '') return { caches: null, error: null, loading: false, recent }
  return state.key === key ? { ...state, recent } : { caches: null, error: null, loading: true, recent }
}

/**
 * Asset names by id, asked once each (`media:get`, four at a time, so a file matching hundreds
 * of assets does not open hundreds of requests at once); one that fails stays unnamed.
 */
export function useAssetNames(ids: readonly string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({})
  const asked = useRef(new Set<string>())
  const queue = useRef<string[]>([])
  const running = useRef(0)
  // Names asked for by an earlier render still arrive; only an unmounted page drops them.
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  useEffect(() => {
    const next = () => {
      while (running.current < 4 && queue.current.length > 0) {
        const id = queue.current.shift()!
        running.current += 1
        api['media:get']({ id })
          .then(
            (asset) => mounted.current && setNames((old) => ({ ...old, [id]: asset.name })),
            () => {},
          )
          .finally(() => {
            running.current -= 1
            next()
          })
      }
    }
    for (const id of ids) {
      if (asked.current.has(id)) continue
      asked.current.add(id)
      queue.current.push(id)
    }
    next()
  }, [ids])
  return names
}

// Paths are this machine's, not one library's: one list for every library.
const RECENT_KEY = 'framevault.plugin-caches.recent'

/** The plugin databases opened last, newest first (kept in localStorage). */
function loadRecent(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]')
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').slice(0, 5) : []
  } catch {
    return []
  }
}

/** Puts `path` first in the recent list and answers the new list. */
function saveRecent(path: string): string[] {
  const paths = rememberPath(loadRecent(), path)
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(paths))
  } catch {
    // Storage full or refused (private mode): the quick links are a convenience.
  }
  return paths
}
