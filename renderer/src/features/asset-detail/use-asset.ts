import { useCallback, useEffect, useState } from 'react'
import type { Api } from '../../../../shared/contract'
import { api } from '../../api/index'

/** An asset as `media:get` returns it (with its tags). */
export type DetailAsset = Awaited<ReturnType<Api['media:get']>>

/** What the detail knows about its asset: the asset, or why it could not be loaded. */
export type AssetState =
  { status: 'loading' } | { status: 'ready'; asset: DetailAsset } | { status: 'error'; code: string; message: string }

/** Loads an asset and reloads it whenever any window changes the library (`library:changed`). */
export function useAsset(id: string): { state: AssetState; reload: () => void } {
  // Kept with the id it belongs to, so the old asset's facts never show under a new id.
  const [loaded, setLoaded] = useState<{ id: string; state: AssetState } | null>(null)
  const setState = useCallback((state: AssetState) => setLoaded({ id, state }), [id])
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => setVersion((v) => v + 1), [])

  useEffect(() => {
    let current = true
    api['media:get']({ id }).then(
      (asset) => current && setState({ status: 'ready', asset }),
      (error: { code?: string; message?: string }) =>
        current && setState({ status: 'error', code: error.code ?? 'internal', message: String(error.message) }),
    )
    return () => {
      current = false
    }
  }, [id, version, setState])

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.name === 'library:changed' || (event.name === 'media:thumbnails' && event.payload.id === id)) reload()
      }),
    [id, reload],
  )
  return { state: loaded?.id === id ? loaded.state : { status: 'loading' }, reload }
}
