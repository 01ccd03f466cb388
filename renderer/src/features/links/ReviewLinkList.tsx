import { useState } from 'react'
import type { ReviewLink } from '../../../../shared/contract'
import { write } from '../../api/queries'
import { attempt } from '../../ui/attempt'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { ErrorLine } from '../../ui/ErrorLine'

/**
 * Review links as listed: each one's collection, whether it has a password and allows downloads, its expiry, who
 * made it and whether it still opens; an open one is revoked after a confirmation.
 */
export function ReviewLinkList({ links, error }: { links: readonly ReviewLink[] | undefined; error?: string }) {
  return (
    <>
      {error && <ErrorLine>{error}</ErrorLine>}
      <ul className="review-link-list" aria-label="Review links">
        {links?.map((link) => (
          <LinkRow key={link.id} link={link} />
        ))}
      </ul>
    </>
  )
}

function LinkRow({ link }: { link: ReviewLink }) {
  const [confirming, setConfirming] = useState(false)
  const facts = [
    link.password ? 'password' : 'no password',
    link.downloads ? 'downloads allowed' : 'no downloads',
    link.expiresAt ? `until ${link.expiresAt.slice(0, 10)}` : 'no expiry',
    ...(link.createdBy ? [`made by ${link.createdBy}`] : []),
  ]
  return (
    <li data-testid="review-link" data-state={link.state}>
      <span>
        <strong>{link.collection.name}</strong> · {facts.join(' · ')} · {link.state}
      </span>
      {link.state === 'open' && (
        <button type="button" data-needs="links:revoke" onClick={() => setConfirming(true)}>
          Revoke
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title="Revoke this review link?"
          confirmLabel="Revoke link"
          busyLabel="Revoking…"
          onConfirm={() => attempt(async () => void (await write('links:revoke', { id: link.id })))}
          onClose={() => setConfirming(false)}
        >
          <p>
            Whoever has the link to “{link.collection.name}” loses it at once: pages open now stop within a second, and
            it never opens again.
          </p>
        </ConfirmDialog>
      )}
    </li>
  )
}
