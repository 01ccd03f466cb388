import type { QueryClient } from '@tanstack/react-query'
import { mayCall } from '../../../shared/access'
import type { Channel, ChannelOutput } from '../../../shared/contract'
import type { Client } from './client'
import { backendQuery } from './query-cache'

/**
 * Whether the person `people:me` answered may read `channel` (everyone may on a person's own library); a review
 * link's visitor (`links:visiting`) as a commenter who sees one collection.
 */
export function mayRead(
  { person }: ChannelOutput<'people:me'>,
  { visit }: ChannelOutput<'links:visiting'>,
  channel: Channel,
): boolean {
  if (visit !== null) return mayCall('commenter', channel, 'shared')
  return person === null || mayCall(person.role, channel, person.scope)
}

/** `useMayRead` outside a component: whether this window's person may read `channel`, asking who they are first. */
export async function mayReadNow(client: Client, cache: QueryClient, channel: Channel): Promise<boolean> {
  const [me, visit] = await Promise.all([
    cache.fetchQuery(backendQuery(client, 'people:me', {})),
    cache.fetchQuery(backendQuery(client, 'links:visiting', {})),
  ])
  return mayRead(me, visit, channel)
}
