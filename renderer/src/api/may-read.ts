import type { QueryClient } from '@tanstack/react-query'
import { mayCall } from '../../../shared/access'
import type { Channel, ChannelOutput } from '../../../shared/contract'
import type { Client } from './client'
import { backendQuery } from './query-cache'

/** Whether the person `people:me` answered may read `channel` (everyone may on a person's own library). */
export function mayRead({ person }: ChannelOutput<'people:me'>, channel: Channel): boolean {
  return person === null || mayCall(person.role, channel, person.scope)
}

/** `useMayRead` outside a component: whether this window's person may read `channel`, asking who they are first. */
export async function mayReadNow(client: Client, cache: QueryClient, channel: Channel): Promise<boolean> {
  return mayRead(await cache.fetchQuery(backendQuery(client, 'people:me', {})), channel)
}
