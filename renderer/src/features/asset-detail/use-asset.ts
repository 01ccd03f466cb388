import { useCallback, useEffect, useState } from 'react'
import type { Api, EventMessage } from '../../../../shared/contract'
import { api } from '../../api/index'

/** An asset as `media:get` returns it (with its tags). */
export type DetailAsset = Awaited<ReturnType<Api['media:get']>>

/** An asset's provenance as `media:provenance` returns it. */
export type DetailProvenance = Awaited<ReturnType<Api['media:provenance']>>

/** What a live query knows: its data, or why it could not be loaded. */
export type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; code: string; message: string }

/**
 * Loads `load(id)` and loads it again whenever any window changes the library
 * (`library:changed`) or the asset's thumbnails are rewritten; `reload` does it on demand.
 */
function useLive<T>(id: string, load: (id: string) => Promise<T>): { state: Loaded<T>; reload: () => void } {
  // Kept with the id it belongs to, so the old asset's facts never show under a new id.
  const [loaded, setLoaded] = useState<{ id: string; state: Loaded<T> } | null>(null)
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => setVersion((v) => v + 1), [])

  useEffect(() => {
    let current = true
    load(id).then(
      (data) => current && setLoaded({ id, state: { status: 'ready', data } }),
      (error: { code?: string; message?: string }) =>
        current &&
        setLoaded({ id, state: { status: 'error', code: error.code ?? 'internal', message: String(error.message) } }),
    )
    return () => {
      current = false
    }
  }, [id, version, load])

  useEffect(
    () =>
      api.onEvent((event) => {
        if (concernsAsset(event, id)) reload()
      }),
    [id, reload],
  )
  return { state: loaded?.id === id ? loaded.state : { status: 'loading' }, reload }
}

/** True for events after which an asset's facts or provenance may read differently. */
function concernsAsset(event: EventMessage, id: string): boolean {
  if (event.name === 'library:changed') return true
  if (event.name === 'media:thumbnails') return event.payload.id === id
  // A file dropped onto the asset as its duplicate adds to its provenance.
  return event.name === 'import:updated' && event.payload.item?.asset?.id === id
}

const loadAsset = (id: string) => api['media:get']({ id })
const loadProvenance = (id: string) => api['media:provenance']({ id })

/** The asset with its tags, kept up to date with every window's changes. */
export function useAsset(id: string) {
  return useLive(id, loadAsset)
}

/** The asset's provenance, kept up to date (new duplicates arrive as imports finish). */
export function useProvenance(id: string) {
  return useLive(id, loadProvenance)
}
