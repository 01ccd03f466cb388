import type { ChannelOutput } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { PushHub } from './push-hub'

/** A team library reached from the app: its origin, checked as "Open team library…" checks an address, and the hub there. */
export interface TeamHub {
  origin: string
  hub: PushHub
}

/** How the host reaches a team library from the address and token a person gave; `action` names a push's calls. */
export type TeamHubClient = (address: string, token: string, action?: string) => TeamHub

/**
 * Whom the token signs in at the team library (null: a host without people), as "Open team library…" and "Send to
 * team library…" both ask; a token it does not take is refused in words.
 */
export async function signedInAt(team: TeamHub): Promise<ChannelOutput<'people:me'>['person']> {
  try {
    return (await team.hub.call('people:me', {})).person
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthorized') {
      throw new AppError('unauthorized', `${team.origin} did not take this token: ask the hub’s admin for yours.`)
    }
    throw error
  }
}
