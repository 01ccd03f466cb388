import { QueryClient, type Query, type QueryObserverOptions } from '@tanstack/react-query'
import {
  isChannel,
  readsOf,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type Topic,
} from '../../../shared/contract'
import type { AppError } from '../../../shared/errors'
import type { Client } from './client'

/** What a query declares about itself, so change events find it (in react-query's `meta`). */
export interface QueryMeta extends Record<string, unknown> {
  /**
   * Any change makes it stale, whatever its topics (the library's facts walk its folder). Otherwise the topics
   * its channel reads (shared/contract/topics.ts) do: a `library:changed` or a write naming one of them.
   */
  anyChange?: boolean
  /**
   * Kept current by jobs, not by topics (analyses and processing runs: a job's end puts its result in; the jobs a
   * view opened with: the job tracker follows them). No write or change makes it stale: a read asked then would
   * answer what was stored before the job ended, and could land after the job's result and drop it. It is read
   * again each time a page shows it.
   */
  fedByJobs?: boolean
  /** The asset it is about, for that asset's own events (thumbnails rewritten, a duplicate dropped on it). */
  asset?: string
  /** What it shows (a workflow, a list): while a new key of the same identity loads, the old answer stays. */
  identity?: string
}

/** Options of a backend query (see QueryMeta), and a `version` whose change reads it again. */
export interface BackendQueryOptions extends QueryMeta {
  version?: number
  /**
   * Its topics do not tell every change (another process writes beside the change log, a folder outside the
   * library moves): read it again each time a page shows it, the cached answer meanwhile.
   */
  untracked?: boolean
}

/**
 * The query of a channel's answer to `input`, cached by (channel, input) and read again when a table it reads
 * changes; `input` null asks nothing. Under a new key of the same `identity` the old answer stays
 * shown (as placeholder) until the new one arrives.
 */
export function backendQuery<C extends Channel>(
  api: Client,
  channel: C,
  input: ChannelInput<C> | null,
  { version = 0, untracked = false, ...meta }: BackendQueryOptions = {},
): QueryObserverOptions<ChannelOutput<C>, AppError> {
  return {
    queryKey: queryKey(channel, input, version),
    queryFn: () => (api[channel] as unknown as (input: ChannelInput<C>) => Promise<ChannelOutput<C>>)(input!),
    enabled: input !== null,
    staleTime: untracked || meta.fedByJobs ? 0 : Infinity,
    meta,
    placeholderData: (previous, previousQuery) =>
      meta.identity !== undefined && (previousQuery?.meta as QueryMeta | undefined)?.identity === meta.identity
        ? previous
        : undefined,
  }
}

/** The query key of a channel's answer to an input (a `version` reads it again under a new key). */
export const queryKey = (channel: Channel, input: unknown, version = 0) => [channel, input, version] as const

/** The filter of every cached answer of a channel to an input, whatever its version. */
export const answersTo = (channel: Channel, input: unknown) => ({ queryKey: [channel, input] })

/**
 * The app's one cache of backend answers. Answers stay fresh until an event says otherwise (no
 * timed refetch, no refetch on focus); a failure is shown, not retried.
 */
export function createQueryCache(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Infinity, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    },
  })
}

/** Marks stale every cached answer read from one of `topics` (its channel's reads); those on screen are read again. */
export function invalidateTopics(cache: QueryClient, topics: readonly Topic[]): Promise<void> {
  if (topics.length === 0) return Promise.resolve()
  return cache.invalidateQueries({ predicate: (query) => readsAny(query, topics) })
}

/**
 * Whether a cached answer is read from one of `topics`: its channel's reads for its input (a query of no channel,
 * or one jobs feed: none).
 */
export function readsAny(query: Query, topics: readonly Topic[]): boolean {
  const meta = metaOf(query)
  if (meta?.fedByJobs) return false
  if (meta?.anyChange) return true
  const [channel, input] = query.queryKey as readonly [unknown, unknown]
  if (typeof channel !== 'string' || !isChannel(channel)) return false
  return readsOf(channel, input as never).some((topic) => topics.includes(topic))
}

/** Marks stale every cached answer about asset `id`. */
export function invalidateAsset(cache: QueryClient, id: string): Promise<void> {
  return cache.invalidateQueries({ predicate: (query) => metaOf(query)?.asset === id })
}

const metaOf = (query: Query): QueryMeta | undefined => query.meta as QueryMeta | undefined
