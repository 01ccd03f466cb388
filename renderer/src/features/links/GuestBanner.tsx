import { useState, type FormEvent } from 'react'
import { guestName, setGuestName } from '../../api/guest-name'
import { useLinkVisit } from './use-link-visit'

/**
 * A review link's guest view (issue 60 point 4): says whose review this is, and asks the name the visitor's comments
 * and review statuses go under, marked as a guest's. Nothing for anyone else.
 */
export function GuestBanner() {
  const visit = useLinkVisit()
  const [saved, setSaved] = useState(guestName)
  const [draft, setDraft] = useState(saved ?? '')
  if (!visit) return null
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const name = draft.trim()
    if (name === '') return
    setGuestName(name)
    setSaved(name)
  }
  return (
    <section className="guest-banner" aria-label="Guest review" data-testid="guest-banner">
      <strong>Guest review of {visit.collection.name}</strong>
      {saved !== null ? (
        <span>
          Commenting as {saved} (guest){' '}
          <button type="button" className="link-button" onClick={() => setSaved(null)}>
            Change name
          </button>
        </span>
      ) : (
        <form aria-label="Name for your comments" onSubmit={submit}>
          <label htmlFor="guest-name">Your name</label>
          <input
            id="guest-name"
            type="text"
            autoComplete="name"
            maxLength={60}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit">Use this name</button>
        </form>
      )}
    </section>
  )
}
