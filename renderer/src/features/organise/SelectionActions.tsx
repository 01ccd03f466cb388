import { useState } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { useAppStore } from '../../app/use-app-store'
import { useCollections } from './use-organise-data'
import { CollectionPicker } from './CollectionPicker'

const assets = (n: number) => (n === 1 ? '1 asset' : `${n.toLocaleString()} assets`)

/** The selection bar's organise actions: add to a collection, remove from the one filtered on, delete. */
export function SelectionActions({ onOutcome }: { onOutcome(error: ErrorShape | undefined, done: string): void }) {
  const selection = useAppStore((s) => s.selection)
  const collections = useCollections()
  const chosen = useAppStore((s) => s.browse.filter.collection)
  const filtered = collections.find((c) => c.id === chosen)
  const addSelectionTo = useAppStore((s) => s.addSelectionTo)
  const removeSelectionFrom = useAppStore((s) => s.removeSelectionFrom)
  const askDelete = useAppStore((s) => s.askDelete)
  const [picking, setPicking] = useState(false)

  return (
    <>
      <button type="button" onClick={() => setPicking(true)}>
        Add to collection…
      </button>
      {filtered && (
        <button
          type="button"
          onClick={() =>
            void removeSelectionFrom(filtered.id).then((removed) =>
              typeof removed === 'number'
                ? onOutcome(undefined, `Removed ${assets(removed)} from “${filtered.name}”`)
                : onOutcome(removed, ''),
            )
          }
        >
          Remove from this collection
        </button>
      )}
      <button type="button" className="danger-text" onClick={() => askDelete(selection)}>
        Delete…
      </button>
      {picking && (
        <CollectionPicker
          count={selection.length}
          onClose={() => setPicking(false)}
          onPick={(collection) => {
            setPicking(false)
            void addSelectionTo(collection.id).then((added) =>
              typeof added === 'number'
                ? onOutcome(
                    undefined,
                    added === 0 ? `Already in “${collection.name}”` : `Added ${assets(added)} to “${collection.name}”`,
                  )
                : onOutcome(added, ''),
            )
          }}
        />
      )}
    </>
  )
}
