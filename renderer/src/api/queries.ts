import { useQuery, useQueryClient, type QueryClient, type UseQueryResult } from '@tanstack/react-query'
import { useCallback } from 'react'
import { mayCall } from '../../../shared/access'
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract'
import type { AppError, ErrorShape } from '../../../shared/errors'
import { attempt } from '../ui/attempt'
import { api } from './index'
import { mayRead } from './may-read'
import { backendQuery, createQueryCache, type BackendQueryOptions } from './query-cache'
import { writeThrough, type Write } from './writes'

/** The app's query cache (the shell provides it and follows the backend's events into it). */
export const queryCache = createQueryCache()

/** A channel's answer to `input` from the app's cache, kept current by the topics it reads (see `backendQuery`). */
export function useBackendQuery<C extends Channel>(
  channel: C,
  input: ChannelInput<C> | null,
  options: BackendQueryOptions = {},
): UseQueryResult<ChannelOutput<C>, AppError> {
  const allowed = useMayRead(channel)
  return useQuery(backendQuery(api, channel, allowed ? input : null, options))
}

/**
 * Whether this window's person may read `channel` (always on a person's own library). A read some person may be
 * refused waits for who they are, and one refused to them is not asked (it stays pending): a client limited to
 * shared collections (or a review link's guest) never asks for the library's jobs, trash or figures, nor a viewer for
 * an editor's reads.
 */
export function useMayRead(channel: Channel): boolean {
  const everyone = mayCall('viewer', channel, 'shared')
  const me = useQuery(backendQuery(api, 'people:me', everyone ? null : {})).data
  const visit = useQuery(backendQuery(api, 'links:visiting', everyone ? null : {})).data
  return everyone || (me !== undefined && visit !== undefined && mayRead(me, visit, channel))
}

/** The app's write path (writes.ts) over its client and cache, for code outside a component. */
export const write: Write = writeThrough(api, queryCache)

/** The write path for a component: a stable call of `channel` that resolves to its answer or throws its failure. */
export function useWrite<C extends Channel>(channel: C): (input: ChannelInput<C>) => Promise<ChannelOutput<C>> {
  const cache = useQueryClient()
  return useCallback((input) => writeThrough(api, cache)(channel, input), [cache, channel])
}

/** What a write's answer changes in the cache at once, before the reads its topics make stale come back. */
export type Settle<C extends Channel> = (output: ChannelOutput<C>, cache: QueryClient) => void

/** `useWrite` resolving to the refusal, if any (never throwing), with the answer settled into the cache first. */
export function useBackendMutation<C extends Channel>(
  channel: C,
  settle?: Settle<C>,
): (input: ChannelInput<C>) => Promise<ErrorShape | undefined> {
  const cache = useQueryClient()
  const call = useWrite(channel)
  return useCallback((input) => attempt(async () => settle?.(await call(input), cache)), [cache, call, settle])
}
