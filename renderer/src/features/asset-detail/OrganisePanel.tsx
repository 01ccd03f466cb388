import type { KeyboardEvent } from 'react'
import { api } from '../../api/index'
import { useMayCall } from '../people/index'
import { StarRating } from './StarRating'
import { TagEditor } from './TagEditor'
import type { DetailAsset } from './use-asset'
import { draftField, useDraft } from './use-draft'
import { useRating } from './use-rating'
import { saveText, useSave, type SaveState } from './use-save'

/** Organising one asset: its display name, tags, rating and notes; each saved as it is edited. */
export function OrganisePanel({ asset }: { asset: DetailAsset }) {
  const rating = useRating(asset.id, asset.rating)
  const mayEdit = useMayCall('media:tag')
  return (
    <section className="detail-section organise" aria-labelledby="detail-organise">
      <h2 id="detail-organise">Organise</h2>
      {!mayEdit && <p className="muted">A viewer looks; an editor changes names, tags, ratings and notes.</p>}
      {/* A disabled fieldset disables every field and button in it: a viewer reads them, changes none. */}
      <fieldset className="organise-fields" disabled={!mayEdit}>
        <NameField key={`name:${asset.id}`} id={asset.id} name={asset.name} />
        <h3>Tags</h3>
        <TagEditor id={asset.id} tags={asset.tags} />
        <h3 id="detail-rating">Rating</h3>
        <div className="organise-row">
          <StarRating value={rating.rating} onChange={rating.set} />
          <Status state={rating.state} />
        </div>
        <NotesField key={`notes:${asset.id}`} id={asset.id} notes={asset.notes} />
      </fieldset>
    </section>
  )
}

/** The display name: Enter or leaving the field saves it, Escape puts the stored one back. */
function NameField({ id, name }: { id: string; name: string }) {
  const draft = useDraft(name)
  const [state, save, reset] = useSave()
  const commit = () => {
    if (!draft.dirty) return
    if (!draft.value.trim()) {
      draft.discard()
      reset()
      return
    }
    void save(() => api['media:rename']({ id, name: draft.value }))
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      commit()
    } else if (event.key === 'Escape' && draft.dirty) {
      event.preventDefault()
      draft.discard()
      reset()
    }
  }
  return (
    <div className="organise-field">
      <label htmlFor={`name-${id}`}>Name</label>
      <div className="organise-row">
        <input
          id={`name-${id}`}
          type="text"
          maxLength={255}
          {...draftField(draft, reset, commit)}
          onKeyDown={onKeyDown}
        />
        <Status state={state} />
      </div>
    </div>
  )
}

/** Notes: saved when the field is left or on Ctrl/⌘+Enter, with a saved indicator; blank clears them. */
function NotesField({ id, notes }: { id: string; notes: string | null }) {
  const draft = useDraft(notes ?? '')
  const [state, save, reset] = useSave()
  const commit = () => {
    if (draft.dirty) void save(() => api['media:set-notes']({ id, notes: draft.value }))
  }
  return (
    <div className="organise-field">
      <label htmlFor={`notes-${id}`}>Notes</label>
      <textarea
        id={`notes-${id}`}
        className="notes-field"
        maxLength={20_000}
        placeholder="Notes about this asset…"
        {...draftField(draft, reset, commit)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault()
            commit()
          }
        }}
      />
      <div className="organise-row">
        {draft.dirty && state.status === 'idle' ? (
          <span className="field-status">Not saved yet: Ctrl+Enter or leave the field to save</span>
        ) : (
          <Status state={state} />
        )}
      </div>
    </div>
  )
}

function Status({ state }: { state: SaveState }) {
  return (
    <span className={state.status === 'failed' ? 'error' : 'field-status'} role="status" aria-live="polite">
      {saveText(state)}
    </span>
  )
}
