import type { PushPreview } from '../../../../shared/contract'

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString()} ${count === 1 ? one : many}`

/** What a push would do, in a person's words: what goes, what is there already, what is skipped and why. */
export function PushPreviewList({ preview }: { preview: PushPreview }) {
  const { send, sendNames, alreadyThere, failed, tags, places, collectionsMade, renamed, skipped, skippedCount } =
    preview
  const more = (shown: number, all: number) => (all > shown ? ` and ${(all - shown).toLocaleString()} more` : '')
  return (
    <>
      <p role="status" data-testid="push-preview-summary">
        To {preview.library} ({preview.origin}): {plural(send, 'file')} to send, {alreadyThere.toLocaleString()} there
        already; {plural(tags, 'tag')} and {plural(places, 'collection place')} to add
        {collectionsMade.length > 0 ? `, ${plural(collectionsMade.length, 'collection')} to make` : ''}.
        {skippedCount > 0 ? ` ${plural(skippedCount, 'item')} skipped as removed there.` : ''}
      </p>
      {send > 0 && (
        <details>
          <summary>Files to send</summary>
          <p className="push-names">
            {sendNames.join(', ')}
            {more(sendNames.length, send)}
          </p>
        </details>
      )}
      {skipped.length > 0 && (
        <ul className="push-skipped" aria-label="Not sent">
          {skipped.map((one) => (
            <li key={`${one.kind} ${one.name} ${one.reason}`}>
              <strong>{one.name}</strong>: {one.reason}
            </li>
          ))}
          {skippedCount > skipped.length && <li>…{more(skipped.length, skippedCount)}</li>}
        </ul>
      )}
      {renamed.length > 0 && (
        <ul aria-label="Collections under another name">
          {renamed.map(({ name, as }) => (
            <li key={name}>
              “{name}” goes up as “{as}”: the team library has a “{name}” of its own.
            </li>
          ))}
        </ul>
      )}
      {failed.length > 0 && (
        <ul className="push-failed" aria-label="Cannot be sent">
          {failed.map((one) => (
            <li key={one.name}>
              <strong>{one.name}</strong>: {one.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
