import { useQuery, type UseQueryResult } from '@tanstack/react-query'
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract'
import type { AppError } from '../../../shared/errors'
import { api } from './index'
import { createQueryCache, queryKey, type QueryMeta } from './query-cache'

/** The app's query cache (the shell provides it and follows the backend's events into it). */
export const queryCache = createQueryCache()

/** Options of a backend query: the tables it reads (see QueryMeta), and a `version` whose change reads it again. */
export interface BackendQueryOptions extends QueryMeta {
  version?: number
  /**
   * No table tells when the answer changes (analyses, processing runs: a job's end does, and only
   * while the page listens): read it again each time a page shows it, the cached answer meanwhile.
   */
  untracked?: boolean
}

/**
 * A channel's answer to `input`, cached by (channel, input) and read again when a table it reads
 * changes; `input` null asks nothing. Under a new key of the same `identity` the old answer stays
 * shown (as placeholder) until the new one arrives.
 */
export function useBackendQuery<C extends Channel>(
  channel: C,
  input: ChannelInput<C> | null,
  { version = 0, untracked = false, ...meta }: BackendQueryOptions,
): UseQueryResult<ChannelOutput<C>, AppError> {
  const call = api[channel] as unknown as (input: ChannelInput<C>) => Promise<ChannelOutput<C>>
  return useQuery<ChannelOutput<C>, AppError>({
    queryKey: queryKey(channel, input, version),
    queryFn: () => call(input!),
    enabled: input !== null,
    staleTime: untracked ? 0 : Infinity,
    meta,
    placeholderData: (previous, previousQuery) =>
      meta.identity !== undefined && (previousQuery?.meta as QueryMeta | undefined)?.identity === meta.identity
        ? previous
        : undefined,
  })
}
