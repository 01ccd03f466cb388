import type { QueryClient } from '@tanstack/react-query'
import { writesOf, type Channel, type ChannelInput, type ChannelOutput } from '../../../shared/contract'
import type { Client } from './client'
import { invalidateTopics } from './query-cache'

/**
 * A call that changes the backend: its answer, or its failure thrown as the channel threw it (an AppError with its
 * code). Every write of the renderer goes through one (see docs/internals/renderer-writes.md).
 */
export type Write = <C extends Channel>(channel: C, input: ChannelInput<C>) => Promise<ChannelOutput<C>>

/**
 * The one write path: calls `channel` and, once it answered, marks stale every cached answer whose channel reads
 * a topic it writes (shared/contract/topics.ts), so what is on screen is read again at once, without waiting
 * for the change's `library:changed` (which still tells other windows, and what a job writes later).
 */
export function writeThrough(client: Client, cache: QueryClient): Write {
  return async (channel, input) => {
    const call = client[channel] as unknown as (input: unknown) => Promise<ChannelOutput<typeof channel>>
    const output = await call(input)
    void invalidateTopics(cache, writesOf(channel))
    return output
  }
}

/** Starts an import of dropped or picked files (uploaded first under the web host): a write of `media:import-uploads`. */
export type Upload = Client['importFiles']

/** The write path of an upload: `client.importFiles`, then the reads of what an import writes are made stale. */
export function uploadThrough(client: Client, cache: QueryClient): Upload {
  return async (files, link, options) => {
    const answer = await client.importFiles(files, link, options)
    void invalidateTopics(cache, writesOf('media:import-uploads'))
    return answer
  }
}
