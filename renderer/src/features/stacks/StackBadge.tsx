import { useState, type SyntheticEvent } from 'react'
import { createPortal } from 'react-dom'
import type { MediaListItem } from '../../../../shared/contract'
import { StackDialog } from './StackDialog'
import { relatedFiles } from './stack-words'

// The badge sits on a card that selects on click and opens on double click: its own presses stop here.
const keep = (event: SyntheticEvent) => event.stopPropagation()

/**
 * "+3" on the card of a stack's head (while the library stacks related files): a click lists the files under it.
 * Not a tab stop of its own (the grid is one); the keyboard finds the same list on the asset's page.
 */
export function StackBadge({ asset }: { asset: MediaListItem }) {
  const [open, setOpen] = useState(false)
  if (!asset.stackSize) return null
  return (
    <>
      <button
        type="button"
        className="stack-badge"
        data-testid="stack-badge"
        tabIndex={-1}
        aria-label={`Show the ${relatedFiles(asset.stackSize)} stacked under ${asset.name}`}
        title={`${relatedFiles(asset.stackSize)} stacked here: click to list them`}
        onClick={(event) => {
          keep(event)
          setOpen(true)
        }}
        onDoubleClick={keep}
      >
        +{asset.stackSize}
      </button>
      {open &&
        // In a portal: the card contains its paint (a fixed layer inside it would be cut to the card). React's events
        // still bubble to the card through the portal, so they stop at its root.
        createPortal(
          <div onClick={keep} onDoubleClick={keep} onKeyDown={keep} onPointerDown={keep}>
            <StackDialog head={asset} onClose={() => setOpen(false)} />
          </div>,
          document.body,
        )}
    </>
  )
}
