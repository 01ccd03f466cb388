import { ErrorLine } from '../../ui/ErrorLine'
import { StackMembers } from './StackMembers'
import { REASON_AS, relatedFilesStand } from './stack-words'
import { useStack } from './use-stack'

/**
 * An asset's stack on its page: the head it stands under ("In the stack of …", a link), or the files stacked
 * under it (each opens); nothing for an asset in no stack.
 */
export function StackSection({ assetId }: { assetId: string }) {
  const stack = useStack(assetId)
  if (stack.error) return <ErrorLine>The stack could not be read: {stack.error.message}</ErrorLine>
  const view = stack.data
  if (!view || (view.head === null && view.count === 0)) return null
  return (
    <section className="detail-section stack-section" aria-labelledby="detail-stack">
      <h2 id="detail-stack">Stack</h2>
      {view.head && (
        <p className="stack-of" data-testid="stack-of">
          In the stack of{' '}
          <a href={`#/asset/${encodeURIComponent(view.head.id)}`} title={view.head.name}>
            {view.head.name}
          </a>
          , {REASON_AS[view.head.reason]}.
        </p>
      )}
      {view.count > 0 && (
        <>
          <p>{relatedFilesStand(view.count)} under this asset’s card in the library.</p>
          <StackMembers stack={view} label="Stacked under this asset" />
        </>
      )}
    </section>
  )
}
