import { useState } from 'react'
import { reviewProgressWords } from '../../../../shared/review-words'
import { useAppStore } from '../../app/use-app-store'
import { useMayCall, useSignedIn } from '../people/index'
import { ShareDialog } from './ShareDialog'
import { useCollections } from './use-organise-data'

/**
 * The head of a collection's view (the library filtered to one collection): its name, its review progress and, on a
 * hub for an admin or an editor, Share… (reachable here when the filter panel is closed, as on a phone).
 */
export function CollectionHead() {
  const chosen = useAppStore((s) => s.browse.filter.collection)
  const collection = useCollections().find((one) => one.id === chosen)
  const onHub = useSignedIn() !== null
  const mayShare = useMayCall('collections:share') && onHub
  const [sharing, setSharing] = useState(false)
  if (!collection) return null
  return (
    <div className="collection-head" data-testid="collection-head">
      <h2>{collection.name}</h2>
      {collection.review && collection.review.total > 0 && (
        <span className="muted">{reviewProgressWords(collection.review)}</span>
      )}
      {mayShare && collection.ownerId == null && (
        <button type="button" data-needs="collections:share" onClick={() => setSharing(true)}>
          Share…
        </button>
      )}
      {sharing && <ShareDialog collection={collection} onClose={() => setSharing(false)} />}
    </div>
  )
}
