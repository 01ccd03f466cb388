import { keepsTeamLists, type Role } from '../../../shared/access'
import { AppError } from '../../../shared/errors'

/**
 * Who keeps a saved search or a collection: the signed-in person and their role, or nulls on a library of one user
 * (who may do anything there, and has no one to keep things from).
 */
export interface Keeper {
  personId: number | null
  role: Role | null
}

/** The one user of a library (no sign-in). */
export const LIBRARY_USER: Keeper = { personId: null, role: null }

/** The keeper a call acts as: the caller's person and role, where the host has people. */
export function keeperOf(caller: { role: Role; person?: { id: number } } | undefined): Keeper {
  return caller ? { personId: caller.person?.id ?? null, role: caller.role } : LIBRARY_USER
}

const teamsOwn = (keeper: Keeper) => keeper.role === null || keepsTeamLists(keeper.role)

/**
 * The owner a new one gets: the keeper's own (`onlyMe`, the default for viewers and commenters, who have no other
 * choice) or the team's (null). A library's one user keeps the team's.
 */
export function newOwner(keeper: Keeper, what: string, onlyMe?: boolean): number | null {
  const own = onlyMe ?? !teamsOwn(keeper)
  if (own && keeper.personId !== null) return keeper.personId
  if (!teamsOwn(keeper)) {
    throw new AppError('forbidden', `Only editors and admins keep the team's ${what}: keep yours as Only me.`)
  }
  return null
}

/** Whether the keeper sees one of this owner's: the team's, and their own. */
export function sees(keeper: Keeper, ownerId: number | null): boolean {
  return ownerId === null || ownerId === keeper.personId
}

/**
 * Throws unless the keeper may change one of this owner's: someone else's own is `missing` (it is not told of), the
 * team's is an editor's or an admin's.
 */
export function requireKeeps(keeper: Keeper, ownerId: number | null, what: string, missing: () => AppError): void {
  if (!sees(keeper, ownerId)) throw missing()
  if (ownerId === null && !teamsOwn(keeper)) {
    throw new AppError('forbidden', `Only editors and admins change the team's ${what}; yours are yours to change.`)
  }
}
