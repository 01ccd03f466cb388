import { DEFAULT_SCOPE, mayBeLimited, type Role, type Scope } from '../../../shared/access'
import { AppError } from '../../../shared/errors'
import type { PersonRow } from '../../db/repos/people'
import type { Library } from '../library-context'

/** The scope a person added with `role` gets: the one asked for, else their role's default. */
export function scopeToAdd(role: Role, asked: Scope | undefined): Scope {
  const scope = asked ?? DEFAULT_SCOPE[role]
  if (scope === 'shared') refuseLimiting(role)
  return scope
}

/** Limits a person to the collections shared with them, or lets them see every asset again. */
export async function setScope(
  lib: Pick<Library, 'catalog'>,
  personId: number,
  scope: Scope,
): Promise<{ person: PersonRow }> {
  return lib.catalog.transaction(async (repos) => {
    const person = await repos.people.get(personId)
    if (!person) throw new AppError('not_found', `No person with id ${personId}.`)
    if (scope === 'shared') refuseLimiting(person.role)
    await repos.people.setScope(personId, scope)
    return { person: (await repos.people.get(personId))! }
  })
}

function refuseLimiting(role: Role): void {
  if (!mayBeLimited(role)) {
    throw new AppError(
      'validation',
      `An ${role === 'admin' ? 'admin' : role} sees every asset: only viewers can be limited to shared collections.`,
    )
  }
}
