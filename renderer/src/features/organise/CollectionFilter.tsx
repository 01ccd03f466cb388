import { useState } from 'react'
import { reviewProgressWords } from '../../../../shared/review-words'
import { useShallow } from 'zustand/react/shallow'
import type { Collection, MediaFacets, MediaFilter } from '../../../../shared/contract'
import { useAppStore } from '../../app/use-app-store'
import { CollectionNameForm } from './CollectionNameForm'
import { useCollections } from './use-organise-data'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { useKeepsTeamLists, useMayCall, useOnlyMe, useSignedIn } from '../people/index'
import { useMayDownload } from '../links/index'
import { ShareDialog } from './ShareDialog'
import { collectionDownloadUrl } from '../../api/downloads'

/**
 * The filter panel's collections: each with how many assets it would leave (the facet), one at a
 * time as the filter; new, rename and delete (which asks first: the assets stay); on a team hub, Share….
 */
export function CollectionFilter({
  change,
  counts,
}: {
  change(patch: Partial<MediaFilter>): void
  /** How many assets each collection would leave, by id (the facet). */
  counts: MediaFacets['collections'] | undefined
}) {
  const collections = useCollections()
  const chosen = useAppStore((s) => s.browse.filter.collection)
  const { createCollection, renameCollection, deleteCollection } = useAppStore(
    useShallow((s) => ({
      createCollection: s.createCollection,
      renameCollection: s.renameCollection,
      deleteCollection: s.deleteCollection,
    })),
  )
  const [editing, setEditing] = useState<'new' | 'rename' | null>(null)
  // Everyone makes private collections ("Only me", a viewer's and a commenter's one choice); the team's are an
  // editor's to make, rename and delete, a private one its owner's.
  const mayMake = useMayCall('collections:create')
  const keepsTeam = useKeepsTeamLists()
  const { onlyMe, field: onlyMeField } = useOnlyMe()
  const mayDownload = useMayDownload()
  const [deleting, setDeleting] = useState<Collection | null>(null)
  // Sharing is a hub's (a library of one has nobody to share with), for an admin or an editor.
  const onHub = useSignedIn() !== null
  const mayShare = useMayCall('collections:share') && onHub
  const [sharing, setSharing] = useState<Collection | null>(null)
  const current = collections.find((c) => c.id === chosen)
  const mayChange = current !== undefined && (current.ownerId != null || keepsTeam)
  const countOf = (id: number) => counts?.find((entry) => Number(entry.value) === id)?.count ?? 0

  return (
    <div className="collection-filter" data-testid="collection-filter">
      {collections.length === 0 && editing === null && <p className="facet-none">No collections yet</p>}
      {collections.map((collection) => (
        <label
          key={collection.id}
          className={countOf(collection.id) === 0 && chosen !== collection.id ? 'choice none-left' : 'choice'}
        >
          <input
            type="radio"
            name="collection"
            checked={chosen === collection.id}
            onChange={() => change({ collection: collection.id })}
            onClick={() => chosen === collection.id && change({ collection: undefined })}
          />
          <span className="choice-label" title={collection.name}>
            {collection.name}
            {collection.ownerId != null && <span className="muted"> · only me</span>}
          </span>
          <span className="choice-count" data-testid="facet-count">
            {countOf(collection.id).toLocaleString()}
          </span>
        </label>
      ))}
      {current?.review && current.review.total > 0 && (
        <p className="facet-none" data-testid="collection-review">
          {reviewProgressWords(current.review)}
        </p>
      )}
      {editing === 'new' && (
        <CollectionNameForm
          label="New collection name"
          submitLabel="Create"
          initial=""
          onCancel={() => setEditing(null)}
          onSubmit={async (name) => {
            const made = await createCollection(name, onlyMe)
            return 'code' in made ? made : undefined
          }}
          onDone={() => setEditing(null)}
        >
          {onlyMeField}
        </CollectionNameForm>
      )}
      {editing === 'rename' && current && (
        <CollectionNameForm
          label={`New name for ${current.name}`}
          submitLabel="Rename"
          initial={current.name}
          version={current.version}
          onCancel={() => setEditing(null)}
          onSubmit={(name, base) => renameCollection(current.id, name, base)}
          onDone={() => setEditing(null)}
        />
      )}
      {editing === null && current && mayDownload && (
        <div className="collection-tools">
          <a href={collectionDownloadUrl(current.id)} download>
            Download as zip
          </a>
          {mayShare && current.ownerId == null && (
            <button type="button" className="link" data-needs="collections:share" onClick={() => setSharing(current)}>
              Share…
            </button>
          )}
        </div>
      )}
      {editing === null && mayMake && (
        <div className="collection-tools">
          <button type="button" className="link" data-needs="collections:create" onClick={() => setEditing('new')}>
            New collection
          </button>
          {current && mayChange && (
            <>
              <button
                type="button"
                className="link"
                data-needs="collections:rename"
                onClick={() => setEditing('rename')}
              >
                Rename
              </button>
              <button
                type="button"
                className="link danger-text"
                data-needs="collections:delete"
                onClick={() => setDeleting(current)}
              >
                Delete…
              </button>
            </>
          )}
        </div>
      )}
      {sharing && <ShareDialog collection={sharing} onClose={() => setSharing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete the collection “${deleting.name}”?`}
          confirmLabel="Delete collection"
          busyLabel="Deleting…"
          onConfirm={() => deleteCollection(deleting.id)}
          onClose={() => setDeleting(null)}
          testId="delete-collection-dialog"
        >
          <p>
            {deleting.count === 1 ? 'Its 1 asset stays' : `Its ${deleting.count.toLocaleString()} assets stay`} in the
            library (and in any other collection); only the collection goes.
          </p>
        </ConfirmDialog>
      )}
    </div>
  )
}
