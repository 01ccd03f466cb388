import { useState } from 'react'
import { api } from '../../api/index'
import { useSignedIn } from './use-signed-in'

/**
 * The title bar's "who am I" on a team hub: the person this window's token signed in, their role, and Sign out where
 * the window is a browser's (its cookie cleared, then the hub's sign-in page).
 */
export function SignedInBadge() {
  const person = useSignedIn()
  const [leaving, setLeaving] = useState(false)
  const [failed, setFailed] = useState<string | null>(null)
  if (!person) return null
  const signOut = api.signOut
  const leave = async () => {
    setLeaving(true)
    setFailed(null)
    try {
      await signOut!()
      window.location.assign('/')
    } catch (error) {
      setFailed((error as Error).message)
      setLeaving(false)
    }
  }
  return (
    <span className="signed-in-bar">
      <span
        className="signed-in"
        data-testid="signed-in"
        title={`Signed in to this team library as ${person.name} (${person.role})`}
      >
        {person.name} <span className="signed-in-role">{person.role}</span>
      </span>
      {signOut && (
        <button
          type="button"
          className="sign-out"
          disabled={leaving}
          title={failed ?? undefined}
          onClick={() => void leave()}
        >
          {leaving ? 'Signing out…' : 'Sign out'}
        </button>
      )}
      {failed && (
        <span role="alert" className="visually-hidden">
          {failed}
        </span>
      )}
    </span>
  )
}
