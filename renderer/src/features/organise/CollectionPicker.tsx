import { useId, useRef, useState } from 'react'
import type { Collection } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { useAppStore } from '../../app/use-app-store'
import { useCollections } from './use-organise-data'
import { Overlay } from '../../ui/Overlay'
import { ErrorLine } from '../../ui/ErrorLine'

/**
 * Picks the collection to add the selection to: the field searches the collections, a name no
 * collection has creates one on the fly, Enter takes the exact match (else the only one left).
 */
export function CollectionPicker({
  count,
  onPick,
  onClose,
}: {
  count: number
  onPick(collection: Collection): void
  onClose(): void
}) {
  const collections = useCollections()
  const createCollection = useAppStore((s) => s.createCollection)
  const [text, setText] = useState('')
  const [error, setError] = useState<ErrorShape | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const field = useRef<HTMLInputElement>(null)
  const titleId = useId()
  const name = text.trim()
  const matches = collections.filter((c) => c.name.toLowerCase().includes(name.toLowerCase()))
  const exact = collections.find((c) => c.name.toLowerCase() === name.toLowerCase())

  const create = async () => {
    setBusy(true)
    const made = await createCollection(name)
    setBusy(false)
    if ('code' in made) setError(made)
    else onPick(made)
  }
  const submit = () => {
    if (exact) onPick(exact)
    else if (matches.length === 1 && name !== '') onPick(matches[0])
    else if (name !== '') void create()
  }

  return (
    <Overlay labelledBy={titleId} onClose={onClose} initialFocus={field} spaceCloses={false} className="dialog">
      <form
        className="collection-picker"
        data-testid="collection-picker"
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <h2 id={titleId}>Add {count === 1 ? '1 asset' : `${count.toLocaleString()} assets`} to a collection</h2>
        <input
          ref={field}
          type="search"
          aria-label="Find or name a collection"
          placeholder="Find or name a collection"
          value={text}
          maxLength={100}
          onChange={(event) => {
            setText(event.target.value)
            setError(undefined)
          }}
        />
        <ul className="collection-choices" aria-label="Collections">
          {matches.map((collection) => (
            <li key={collection.id}>
              <button type="button" title={collection.name} onClick={() => onPick(collection)}>
                <span className="choice-label">{collection.name}</span>
                <span className="choice-count">{collection.count.toLocaleString()}</span>
              </button>
            </li>
          ))}
          {matches.length === 0 && name === '' && <li className="facet-none">No collections yet: type a name.</li>}
        </ul>
        {error && <ErrorLine>{error.message}</ErrorLine>}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          {name !== '' && !exact && (
            <button type="button" className="primary" disabled={busy} onClick={() => void create()}>
              New collection “{name}”
            </button>
          )}
        </div>
      </form>
    </Overlay>
  )
}
