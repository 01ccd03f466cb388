import { useId, useState } from 'react'
import type { Collection } from '../../../../shared/contract'
import { useBackendQuery } from '../../api/queries'
import { DialogDone } from '../../ui/DialogDone'
import { Overlay } from '../../ui/Overlay'
import { MadeLinkAddress } from './MadeLinkAddress'
import { NewLinkForm } from './NewLinkForm'
import { ReviewLinkList } from './ReviewLinkList'

/**
 * "Review links…" of a collection (issue 60 point 4), for an admin or an editor: the collection's links (expiry,
 * password, downloads, who made each, revoke) and a form to make one, whose address is shown once to copy.
 */
export function CollectionLinksDialog({ collection, onClose }: { collection: Collection; onClose(): void }) {
  const titleId = useId()
  const links = useBackendQuery('links:list', { collectionId: collection.id })
  const [made, setMade] = useState<string | null>(null)
  const listed = links.data?.links
  return (
    <Overlay labelledBy={titleId} onClose={onClose} spaceCloses={false} className="dialog review-links-dialog">
      <div data-testid="review-links-dialog">
        <h2 id={titleId}>Review links of “{collection.name}”</h2>
        <p className="muted">
          Whoever opens one sees this collection alone, and comments and approves under a name they type, marked as a
          guest. A link’s address is shown once, when it is made: copy it then.
        </p>
        {made && <MadeLinkAddress address={made} />}
        <NewLinkForm collectionId={collection.id} onMade={setMade} />
        <h3>Links</h3>
        {listed?.length === 0 && <p className="muted">None yet.</p>}
        <ReviewLinkList links={listed} error={links.error?.message} />
        <DialogDone onDone={onClose} />
      </div>
    </Overlay>
  )
}
