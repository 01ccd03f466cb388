import { mayCall } from '../../../../shared/access'
import type { Channel } from '../../../../shared/contract'
import { useBackendQuery } from '../../api/queries'
import { useSignedIn } from './use-signed-in'

/**
 * Whether this window's person may use `channel`: always on a person's own library; on a team hub as their role
 * allows, so a viewer is not offered what the hub would refuse; a review link's visitor as a commenter.
 */
export function useMayCall(channel: Channel): boolean {
  const person = useSignedIn()
  const guest = useBackendQuery('links:visiting', {}).data?.visit ?? null
  if (guest !== null) return mayCall('commenter', channel)
  return person === null || mayCall(person.role, channel)
}
