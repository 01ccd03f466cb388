import { useId, useRef } from 'react'
import type { MediaListItem } from '../../../../shared/contract'
import { ErrorLine } from '../../ui/ErrorLine'
import { Overlay } from '../../ui/Overlay'
import { StackMembers } from './StackMembers'
import { relatedFilesStand } from './stack-words'
import { useStack } from './use-stack'

/** The files stacked under a card's asset, opened from its badge: each can be opened, and so can the head. */
export function StackDialog({ head, onClose }: { head: MediaListItem; onClose(): void }) {
  const stack = useStack(head.id)
  const titleId = useId()
  const close = useRef<HTMLButtonElement>(null)
  return (
    <Overlay
      labelledBy={titleId}
      onClose={onClose}
      initialFocus={close}
      spaceCloses={false}
      className="dialog stack-dialog"
    >
      <h2 id={titleId}>Stack of {head.name}</h2>
      <p className="stack-dialog-intro">
        {relatedFilesStand(stack.data?.count ?? head.stackSize ?? 0)} under this card.{' '}
        <a href={`#/asset/${encodeURIComponent(head.id)}`}>Open {head.name}</a>
      </p>
      {stack.isPending && <p className="empty">Loading…</p>}
      {stack.error && <ErrorLine>{stack.error.message}</ErrorLine>}
      {stack.data && <StackMembers stack={stack.data} label={`Stacked under ${head.name}`} />}
      <div className="dialog-buttons">
        <button ref={close} type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Overlay>
  )
}
