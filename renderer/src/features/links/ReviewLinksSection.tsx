import { useState } from 'react'
import { useBackendQuery } from '../../api/queries'
import { useMayCall } from '../people/index'
import { MadeLinkAddress } from './MadeLinkAddress'
import { NewLinkForm } from './NewLinkForm'
import { ReviewLinkList } from './ReviewLinkList'

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
      {made && <MadeLinkAddress address={made} />}
      <NewLinkForm onMade={setMade} />
      <ReviewLinkList links={links.data?.links} error={links.error?.message} />
    </section>
  )
}
