import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract'
import type { AppError, ErrorShape } from '../../../shared/errors'
import { api } from './index'
import { mutate, type Settle } from './mutations'
import { backendQuery, createQueryCache, type BackendQueryOptions } from './query-cache'

/** The app's query cache (the shell provides it and follows the backend's events into it). */
export const queryCache = createQueryCache()

/** A channel's answer to `input` from the app's cache, kept current by the tables it reads (see `backendQuery`). */
export function useBackendQuery<C extends Channel>(
  channel: C,
  input: ChannelInput<C> | null,
  options: BackendQueryOptions,
): UseQueryResult<ChannelOutput<C>, AppError> {
  return useQuery(backendQuery(api, channel, input, options))
}

/** `mutate` for a component, over the app's client and cache: a stable call resolving to the refusal, if any. */
export function useBackendMutation<C extends Channel>(
  channel: C,
  settle?: Settle<C>,
): (input: ChannelInput<C>) => Promise<ErrorShape | undefined> {
  const cache = useQueryClient()
  return useCallback((input) => mutate(api, cache, channel, input, settle), [cache, channel, settle])
}
