import { useQuery, type UseQueryResult } from '@tanstack/react-query'
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract'
import type { AppError } from '../../../shared/errors'
import { api } from './index'
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
