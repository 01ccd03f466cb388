import { useState, type ReactNode } from 'react'
import { useKeepsTeamLists } from './use-may-call'
import { useSignedIn } from './use-signed-in'

/**
 * "Only me" for a new saved search or collection on a hub (issue 60 point 3): whether it is to be the person's own
 * (undefined on a person's own library, where there is no one else), and its checkbox. It is the default, and the one
 * choice, for viewers and commenters.
 */
export function useOnlyMe(): { onlyMe: boolean | undefined; field: ReactNode } {
  const signedIn = useSignedIn() !== null
  const keepsTeam = useKeepsTeamLists()
  const [chosen, setChosen] = useState(!keepsTeam)
  const onlyMe = chosen || !keepsTeam
  if (!signedIn) return { onlyMe: undefined, field: null }
  const field = (
    <label className="only-me">
      <input
        type="checkbox"
        checked={onlyMe}
        disabled={!keepsTeam}
        onChange={(event) => setChosen(event.target.checked)}
      />{' '}
      Only me <span className="muted">(nobody else sees it)</span>
    </label>
  )
  return { onlyMe, field }
}
