import { useId, useState, type FormEvent } from 'react'
import { useBackendQuery, write } from '../../api/queries'
import { ErrorLine } from '../../ui/ErrorLine'
import { useSaving } from '../../ui/use-saving'

/**
 * The form that makes a review link: its collection (chosen here, or the one given), expiry in days, password and
 * whether it downloads. `onMade` gets the new link's address, which is shown this once.
 */
export function NewLinkForm({ collectionId, onMade }: { collectionId?: number; onMade(address: string): void }) {
  const [days, setDays] = useState('')
  const [password, setPassword] = useState('')
  const [downloads, setDownloads] = useState(false)
  const [picked, setPicked] = useState('')
  const { busy, error, save } = useSaving()
  const ids = { collection: useId(), days: useId(), password: useId() }
  const collections = useBackendQuery('collections:list', collectionId === undefined ? {} : null).data?.collections
  const chosen = collectionId ?? Number(picked || (collections?.[0]?.id ?? 0))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void save(async () => {
      const { address } = await write('links:create', {
        collectionId: chosen,
        downloads,
        ...(days !== '' && { expiresInSeconds: Number(days) * 86400 }),
        ...(password !== '' && { password }),
      })
      setPassword('')
      onMade(new URL(address, window.location.origin).href)
    })
  }
  return (
    <form className="new-link-form" aria-label="Make a review link" data-needs="links:create" onSubmit={submit}>
      {collectionId === undefined && (
        <>
          <label htmlFor={ids.collection}>Collection</label>
          <select id={ids.collection} value={String(chosen)} onChange={(event) => setPicked(event.target.value)}>
            {collections?.map((collection) => (
              <option key={collection.id} value={collection.id}>
                {collection.name}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor={ids.days}>Expires after (days, empty for never)</label>
      <input
        id={ids.days}
        type="number"
        min={1}
        max={366}
        value={days}
        onChange={(event) => setDays(event.target.value)}
      />
      <label htmlFor={ids.password}>Password (optional)</label>
      <input
        id={ids.password}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <label>
        <input type="checkbox" checked={downloads} onChange={(event) => setDownloads(event.target.checked)} /> Allow
        downloads
      </label>
      <button type="submit" disabled={busy || chosen === 0}>
        Make link
      </button>
      {error && <ErrorLine>{error}</ErrorLine>}
    </form>
  )
}
