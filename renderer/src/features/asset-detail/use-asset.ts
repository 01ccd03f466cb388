import { useEffect, useState } from 'react'
import type { Api, EventMessage } from '../../../../shared/contract'
import { api } from '../../api/index'

/** An asset as `media:get` returns it (with its tags). */
export type DetailAsset = Awaited<ReturnType<Api['media:get']>>

/** An asset's provenance as `media:provenance` returns it. */
export type DetailProvenance = Awaited<ReturnType<Api['media:provenance']>>

/** An asset's generation details and workflow nodes as `generation:get` returns them. */
export type DetailGeneration = Awaited<ReturnType<Api['generation:get']>>

/** What a live query knows: its data, or why it could not be loaded. */
export type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; code: string; message: string }

/** Loads `load(id)`, and again whenever `version` changes (see useAssetEvents). */
function useLive<T>(id: string, version: number, load: (id: string) => Promise<T>): Loaded<T> {
  // Kept with the id it belongs to, so the old asset's facts never show under a new id.
  const [loaded, setLoaded] = useState<{ id: string; state: Loaded<T> } | null>(null)

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

  return loaded?.id === id ? loaded.state : { status: 'loading' }
}

/**
 * Counts the events after which the asset may read differently (`changes`) and its
 * thumbnail rewrites (`thumbnails`, for the poster's `?v=`), over one subscription.
 */
export function useAssetEvents(id: string): { changes: number; thumbnails: number } {
  const [counts, setCounts] = useState({ id, changes: 0, thumbnails: 0 })
  useEffect(
    () =>
      api.onEvent((event) => {
        if (!concernsAsset(event, id)) return
        const thumbnails = event.name === 'media:thumbnails' ? 1 : 0
        setCounts((c) =>
          c.id === id
            ? { id, changes: c.changes + 1, thumbnails: c.thumbnails + thumbnails }
            : { id, changes: 1, thumbnails },
        )
      }),
    [id],
  )
  return counts.id === id ? counts : { changes: 0, thumbnails: 0 }
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
const loadGeneration = (id: string) => api['generation:get']({ id })

/** The asset with its tags, loaded again at each of `version`'s changes. */
export function useAsset(id: string, version: number): Loaded<DetailAsset> {
  return useLive(id, version, loadAsset)
}

/** The asset's provenance, loaded again at each of `version`'s changes (new duplicates arrive as imports finish). */
export function useProvenance(id: string, version: number): Loaded<DetailProvenance> {
  return useLive(id, version, loadProvenance)
}

/** The asset's generation details and workflow nodes, loaded again at each of `version`'s changes. */
export function useGeneration(id: string, version: number): Loaded<DetailGeneration> {
  return useLive(id, version, loadGeneration)
}
