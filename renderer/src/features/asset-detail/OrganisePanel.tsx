import type { KeyboardEvent } from 'react'
import { useMayCall } from '../people/index'
import { StarRating } from './StarRating'
import { TagEditor } from './TagEditor'
import type { DetailAsset } from './use-asset'
import { ConflictNotice } from '../../ui/ConflictNotice'
import { fieldProps, useVersionedField, type VersionedField } from './use-versioned-field'
import { useRating } from './use-rating'
import { saveText, type SaveState } from './use-save'
import { write } from '../../api/queries'

/** Organising one asset: its display name, tags, rating and (for editors) notes; each saved as it is edited. */
export function OrganisePanel({ asset }: { asset: DetailAsset }) {
  const rating = useRating(asset.id, asset.rating, asset.versions.rating.version)
  const mayEdit = useMayCall('media:tag')
  return (
    <section className="detail-section organise" aria-labelledby="detail-organise">
      <h2 id="detail-organise">Organise</h2>
      {!mayEdit && <p className="muted">A viewer looks; an editor changes names, tags and ratings.</p>}
      {/* A disabled fieldset disables every field and button in it: a viewer reads them, changes none. */}
      <fieldset className="organise-fields" disabled={!mayEdit}>
        <NameField key={`name:${asset.id}`} asset={asset} />
        <h3>Tags</h3>
        <TagEditor id={asset.id} tags={asset.tags} editable={mayEdit} />
        <h3 id="detail-rating">Rating</h3>
        <div className="organise-row">
          <StarRating value={rating.rating} onChange={rating.set} />
          <Status state={rating.state} />
        </div>
        {/* Notes are the team's own (issue 60): a viewer or commenter is sent none, so is shown no field for them. */}
        {mayEdit && <NotesField key={`notes:${asset.id}`} asset={asset} />}
      </fieldset>
    </section>
  )
}

/** The display name: Enter or leaving the field saves what was typed, Escape puts the stored one back. */
function NameField({ asset }: { asset: DetailAsset }) {
  const { id } = asset
  const name = useVersionedField(
    { value: asset.name, ...asset.versions.name },
    (text, baseVersion) => write('media:rename', { id, name: text, baseVersion }),
    String,
  )
  const commit = () => {
    // A blank name is no name: the stored one comes back.
    if (name.dirty && !name.value.trim()) name.discard()
    else void name.commit()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      commit()
    } else if (event.key === 'Escape' && name.dirty) {
      event.preventDefault()
      name.discard()
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
          {...fieldProps(name)}
          onBlur={commit}
          onKeyDown={onKeyDown}
        />
        <Status state={name.saveState} />
      </div>
      <Conflict field={name} noun="name" />
    </div>
  )
}

/** Notes: saved when the field is left or on Ctrl/⌘+Enter, with a saved indicator; blank clears them. */
function NotesField({ asset }: { asset: DetailAsset }) {
  const { id } = asset
  const notes = useVersionedField(
    { value: asset.notes ?? '', ...asset.versions.notes },
    (text, baseVersion) => write('media:set-notes', { id, notes: text, baseVersion }),
    (value) => (typeof value === 'string' ? value : ''),
  )
  return (
    <div className="organise-field">
      <label htmlFor={`notes-${id}`}>Notes</label>
      <textarea
        id={`notes-${id}`}
        className="notes-field"
        maxLength={20_000}
        placeholder="Notes about this asset…"
        {...fieldProps(notes)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault()
            void notes.commit()
          }
        }}
      />
      <div className="organise-row">
        {notes.dirty && !notes.conflict && notes.saveState.status === 'idle' ? (
          <span className="field-status">Not saved yet: Ctrl+Enter or leave the field to save</span>
        ) : (
          <Status state={notes.saveState} />
        )}
      </div>
      <Conflict field={notes} noun="note" />
    </div>
  )
}

/** The notice of another person's change met by the person's typing, when there is one. */
function Conflict({ field, noun }: { field: VersionedField; noun: string }) {
  if (!field.conflict) return null
  return (
    <ConflictNotice
      noun={noun}
      theirs={field.conflict}
      mine={field.value}
      onKeepMine={() => void field.keepMine()}
      onTakeTheirs={field.takeTheirs}
    />
  )
}

function Status({ state }: { state: SaveState }) {
  return (
    <span className={state.status === 'failed' ? 'error' : 'field-status'} role="status" aria-live="polite">
      {saveText(state)}
    </span>
  )
}
