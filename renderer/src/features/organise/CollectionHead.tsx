import { useState } from 'react'
import { reviewProgressWords } from '../../../../shared/review-words'
import { useAppStore } from '../../app/use-app-store'
import { CollectionLinksDialog } from '../links/index'
import { useMayCall, useSignedIn } from '../people/index'
import { ShareDialog } from './ShareDialog'
import { useCollections } from './use-organise-data'

/**
 * The head of a collection's view (the library filtered to one collection): its name, its review progress and, for
 * an admin or an editor, Share… (on a hub) and Review links… (reachable here when the filter panel is closed, as on
 * a phone). A private collection is its owner's alone: neither is offered.
 */
export function CollectionHead() {
  const chosen = useAppStore((s) => s.browse.filter.collection)
  const collection = useCollections().find((one) => one.id === chosen)
  const onHub = useSignedIn() !== null
  const mayShare = useMayCall('collections:share') && onHub
  const mayLink = useMayCall('links:create')
  const [open, setOpen] = useState<'share' | 'links' | null>(null)
  if (!collection) return null
  const team = collection.ownerId == null
  return (
    <div className="collection-head" data-testid="collection-head">
      <h2>{collection.name}</h2>
      {collection.review && collection.review.total > 0 && (
        <span className="muted">{reviewProgressWords(collection.review)}</span>
      )}
      {mayShare && team && (
        <button type="button" data-needs="collections:share" onClick={() => setOpen('share')}>
          Share…
        </button>
      )}
      {mayLink && team && (
        <button type="button" data-needs="links:create" onClick={() => setOpen('links')}>
          Review links…
        </button>
      )}
      {open === 'share' && <ShareDialog collection={collection} onClose={() => setOpen(null)} />}
      {open === 'links' && <CollectionLinksDialog collection={collection} onClose={() => setOpen(null)} />}
    </div>
  )
}
