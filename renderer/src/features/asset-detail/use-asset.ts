import { useEffect, useState } from 'react'
import type { UseQueryResult } from '@tanstack/react-query'
import type { Api, ChannelOutput } from '../../../../shared/contract'
import type { AppError } from '../../../../shared/errors'
import { api } from '../../api/index'
import { useBackendQuery } from '../../api/queries'

/** An asset as `media:get` returns it (with its tags). */
export type DetailAsset = Awaited<ReturnType<Api['media:get']>>

/** An asset's provenance as `media:provenance` returns it. */
export type DetailProvenance = Awaited<ReturnType<Api['media:provenance']>>

/** An asset's generation details and workflow nodes as `generation:get` returns them. */
export type DetailGeneration = Awaited<ReturnType<Api['generation:get']>>

/** What a live query knows: its data, or why it could not be loaded. */
export type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; code: string; message: string }

/** A query's state as the detail page shows it: loading (a new asset), its data (kept while it is read again), or the failure. */
function loaded<T>(query: UseQueryResult<T, AppError>): Loaded<T> {
  if (query.status === 'error')
    return { status: 'error', code: query.error.code ?? 'internal', message: query.error.message }
  return query.status === 'success' ? { status: 'ready', data: query.data } : { status: 'loading' }
}

/** Counts the asset's thumbnail rewrites (for the poster's `?v=`); its data follows the query cache. */
export function useThumbnailVersion(id: string): number {
  const [counts, setCounts] = useState({ id, thumbnails: 0 })
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.name !== 'media:thumbnails' || event.payload.id !== id) return
        setCounts((c) => (c.id === id ? { id, thumbnails: c.thumbnails + 1 } : { id, thumbnails: 1 }))
      }),
    [id],
  )
  return counts.id === id ? counts.thumbnails : 0
}

/** The asset with its tags, read again when it changes. */
export function useAsset(id: string): Loaded<DetailAsset> {
  return loaded(useBackendQuery('media:get', { id }, { asset: id }))
}

/** The asset's provenance, read again when it changes (new duplicates arrive as imports finish). */
export function useProvenance(id: string): Loaded<DetailProvenance> {
  return loaded(useBackendQuery('media:provenance', { id }, { asset: id }))
}

/** The asset's generation details and workflow nodes, read again when they change. */
export function useGeneration(id: string): Loaded<DetailGeneration> {
  return loaded(useBackendQuery('generation:get', { id }, { asset: id }))
}

/** The exact workflow definition the asset came with on one workflow (its version and JSON text), read again when it changes. */
export function useAssetDefinition(assetId: string, workflowId: string): Loaded<ChannelOutput<'workflows:definition'>> {
  return loaded(useBackendQuery('workflows:definition', { assetId, workflowId }, { asset: assetId }))
}

/** The asset's near-duplicates, read again as hashes are stored, pairs dismissed and assets deleted. */
export function useNearDuplicates(id: string): Loaded<ChannelOutput<'similar:of'>> {
  return loaded(useBackendQuery('similar:of', { id }, { asset: id }))
}
