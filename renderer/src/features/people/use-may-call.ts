import { keepsTeamLists } from '../../../../shared/access'
import type { Channel, ChannelOutput } from '../../../../shared/contract'
import { mayRead } from '../../api/may-read'
import { useBackendQuery } from '../../api/queries'
import { useSignedIn } from './use-signed-in'

/**
 * Whether this window's person may use `channel`: always on a person's own library; on a team hub as their role
 * and what they see allow, so a viewer is not offered what the hub would refuse (nor a client the library's work); a
 * review link's visitor as a commenter who sees one collection.
 */
export function useMayCall(channel: Channel): boolean {
  // Until they are read, as on a person's own library (nobody signed in, no link visited).
  const me = useBackendQuery('people:me', {}).data ?? NOBODY
  const visit = useBackendQuery('links:visiting', {}).data ?? NO_VISIT
  return mayRead(me, visit, channel)
}

const NOBODY: ChannelOutput<'people:me'> = { person: null, admin: null }
const NO_VISIT: ChannelOutput<'links:visiting'> = { visit: null }

/**
 * Whether this window's person keeps the team's saved searches and collections (an editor or admin; anyone on a
 * person's own library); everyone keeps their own.
 */
export function useKeepsTeamLists(): boolean {
  const person = useSignedIn()
  return person === null || keepsTeamLists(person.role)
}
