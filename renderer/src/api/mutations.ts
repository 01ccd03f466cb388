import type { QueryClient } from '@tanstack/react-query'
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract'
import type { ErrorShape } from '../../../shared/errors'
import { attempt } from '../ui/attempt'
import type { Client } from './client'

/** What a change's answer changes in the cache at once (the rest follows from its `library:changed`). */
export type Settle<C extends Channel> = (output: ChannelOutput<C>, cache: QueryClient) => void

/** Calls a channel that changes the backend and settles its answer into `cache`; resolves to the refusal, if any. */
export function mutate<C extends Channel>(
  client: Client,
  cache: QueryClient,
  channel: C,
  input: ChannelInput<C>,
  settle?: Settle<C>,
): Promise<ErrorShape | undefined> {
  const call = client[channel] as unknown as (input: ChannelInput<C>) => Promise<ChannelOutput<C>>
  return attempt(async () => settle?.(await call(input), cache))
}
