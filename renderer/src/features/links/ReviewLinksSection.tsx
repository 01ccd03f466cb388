import { useState, type FormEvent } from 'react'
import type { ReviewLink } from '../../../../shared/contract'
import { useBackendQuery, write } from '../../api/queries'
import { CopyButton } from '../../ui/CopyButton'
import { ErrorLine } from '../../ui/ErrorLine'
import { useSaving } from '../../ui/use-saving'
import { useMayCall } from '../people/index'

/**
 * Settings' Review links (issue 60 point 4), for editors and admins: a link to one collection for people without an
 * account (expiry, password, downloads), its address shown once to copy, every link with whether it still opens, and
 * revoke. Hidden from whoever may not make links.
 */
export function ReviewLinksSection() {
  const mayMake = useMayCall('links:create')
  const links = useBackendQuery('links:list', mayMake ? {} : null)
  const [made, setMade] = useState<string | null>(null)
  if (!mayMake) return null
  return (
    <section className="review-links" aria-labelledby="review-links-title">
      <h2 id="review-links-title">Review links</h2>
      <p className="muted">
        A review link shows one collection to someone without an account: they play it, comment and approve under a name
        they type, marked as a guest, and see nothing else.
      </p>
      {made && (
        <p className="new-token-line" role="status" data-testid="new-link">
          <code data-testid="new-link-address">{made}</code>
          <CopyButton text={made} label="the review link" />
        </p>
      )}
      <NewLinkForm onMade={(address) => setMade(new URL(address, window.location.origin).href)} />
      {links.error && <ErrorLine>{links.error.message}</ErrorLine>}
      <ul className="review-link-list" aria-label="Review links">
        {links.data?.links.map((link) => (
          <LinkRow key={link.id} link={link} />
        ))}
      </ul>
    </section>
  )
}

function NewLinkForm({ onMade }: { onMade(address: string): void }) {
  const collections = useBackendQuery('collections:list', {}).data?.collections ?? []
  const [collectionId, setCollectionId] = useState('')
  const [days, setDays] = useState('')
  const [password, setPassword] = useState('')
  const [downloads, setDownloads] = useState(false)
  const { busy, error, save } = useSaving()
  const chosen = collectionId || String(collections[0]?.id ?? '')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void save(async () => {
      const { address } = await write('links:create', {
        collectionId: Number(chosen),
        downloads,
        ...(days !== '' && { expiresInSeconds: Number(days) * 86400 }),
        ...(password !== '' && { password }),
      })
      setPassword('')
      onMade(address)
    })
  }
  return (
    <form className="new-link-form" aria-label="Make a review link" data-needs="links:create" onSubmit={submit}>
      <label htmlFor="link-collection">Collection</label>
      <select id="link-collection" value={chosen} onChange={(event) => setCollectionId(event.target.value)}>
        {collections.map((collection) => (
          <option key={collection.id} value={collection.id}>
            {collection.name}
          </option>
        ))}
      </select>
      <label htmlFor="link-days">Expires after (days, empty for never)</label>
      <input id="link-days" type="number" min={1} max={366} value={days} onChange={(e) => setDays(e.target.value)} />
      <label htmlFor="link-password">Password (optional)</label>
      <input
        id="link-password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <label>
        <input type="checkbox" checked={downloads} onChange={(event) => setDownloads(event.target.checked)} /> Allow
        downloads
      </label>
      <button type="submit" disabled={busy || chosen === ''}>
        Make link
      </button>
      {error && <ErrorLine>{error}</ErrorLine>}
    </form>
  )
}

function LinkRow({ link }: { link: ReviewLink }) {
  const { busy, error, save } = useSaving()
  const facts = [
    link.password ? 'password' : 'no password',
    link.downloads ? 'downloads allowed' : 'no downloads',
    link.expiresAt ? `until ${link.expiresAt.slice(0, 10)}` : 'no expiry',
  ]
  return (
    <li data-testid="review-link" data-state={link.state}>
      <span>
        <strong>{link.collection.name}</strong> · {facts.join(' · ')} · {link.state}
      </span>
      {link.state === 'open' && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void save(async () => void (await write('links:revoke', { id: link.id })))}
        >
          Revoke
        </button>
      )}
      {error && <ErrorLine>{error}</ErrorLine>}
    </li>
  )
}
