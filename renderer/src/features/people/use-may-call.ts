import { keepsTeamLists, mayCall } from '../../../../shared/access'
import type { Channel } from '../../../../shared/contract'
import { useBackendQuery } from '../../api/queries'
import { useSignedIn } from './use-signed-in'

/**
 * Whether this window's person may use `channel`: always on a person's own library; on a team hub as their role
 * and what they see allow, so a viewer is not offered what the hub would refuse (nor a client the library's work); a
 * review link's visitor as a commenter who sees one collection.
 */
export function useMayCall(channel: Channel): boolean {
  const person = useSignedIn()
  const guest = useBackendQuery('links:visiting', {}).data?.visit ?? null
  if (guest !== null) return mayCall('commenter', channel, 'shared')
  return person === null || mayCall(person.role, channel, person.scope)
}

/**
 * Whether this window's person keeps the team's saved searches and collections (an editor or admin; anyone on a
 * person's own library); everyone keeps their own.
 */
export function useKeepsTeamLists(): boolean {
  const person = useSignedIn()
  return person === null || keepsTeamLists(person.role)
}
