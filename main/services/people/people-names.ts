import type { NamedPerson } from '../../../shared/contract'
import type { Uses } from '../library-context'

/**
 * The people a collection may be shared with, by name (issue 60 point 3): their id, name and role, never their
 * tokens, sign-ins or activity, so that an editor may share with one person as an admin does.
 */
export async function peopleToShareWith(lib: Uses<'people'>): Promise<NamedPerson[]> {
  return lib.catalog.repos.people.names()
}
