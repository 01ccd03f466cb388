import { useSignedIn } from './use-signed-in'

/** The title bar's "who am I" on a team hub: the person this window's token signed in, and their role. */
export function SignedInBadge() {
  const person = useSignedIn()
  if (!person) return null
  return (
    <span className="signed-in" data-testid="signed-in" title={`Signed in to this team library as ${person.name}`}>
      {person.name} <span className="signed-in-role">{person.role}</span>
    </span>
  )
}
