import './settings.css'
import { useState, type FormEvent } from 'react'
import type { TeamLibraryOpened } from '../../../../shared/team-library'
import { api } from '../../api/index'
import { ErrorLine } from '../../ui/ErrorLine'
import { useSaving } from '../../ui/use-saving'
import { TeamAddressFields } from './TeamAddressFields'
import { lastAddress, rememberAddress } from './team-address'

/**
 * "Open team library…": a hub's address (the last one opened, at first) and the person's token, checked by the app,
 * which then opens the hub in a window of its own (this library stays open here). Only where the host can open
 * windows (the desktop app); in a browser a hub is opened at its own address.
 */
export function TeamLibrarySection() {
  const openTeamLibrary = api.openTeamLibrary
  const [address, setAddress] = useState(lastAddress)
  const [token, setToken] = useState('')
  const { busy, error, setError, save } = useSaving()
  const [opened, setOpened] = useState<TeamLibraryOpened | null>(null)
  if (!openTeamLibrary) return null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setOpened(null)
    void save(async () => {
      const team = await openTeamLibrary({ address, token })
      setOpened(team)
      rememberAddress(team.origin)
      // The token is the person's key: not kept in the form once it has been used.
      setToken('')
    })
  }
  const edit = (set: (value: string) => void, value: string) => {
    set(value)
    setError(null)
    setOpened(null)
  }

  return (
    <section className="team-library" aria-labelledby="team-library-title">
      <h2 id="team-library-title">Open team library…</h2>
      <p className="muted">
        A library your team shares on a Framevault hub. It opens in a new window; this library stays open here. Ask the
        hub&apos;s admin for its address and your token.
      </p>
      <form className="address-form" onSubmit={submit} aria-label="Open team library">
        <TeamAddressFields
          idPrefix="team-library"
          address={address}
          token={token}
          disabled={busy}
          onAddress={(value) => edit(setAddress, value)}
          onToken={(value) => edit(setToken, value)}
        />
        <button type="submit" className="primary" disabled={busy || address.trim() === '' || token.trim() === ''}>
          {busy ? 'Opening…' : 'Open'}
        </button>
      </form>
      {opened && (
        <p role="status">
          Opened {opened.origin}
          {opened.person ? ` as ${opened.person.name} (${opened.person.role})` : ''} in a new window.
        </p>
      )}
      {error && <ErrorLine>Not opened: {error}</ErrorLine>}
    </section>
  )
}
