import { useState } from 'react'
import type { MediaListItem, StackView } from '../../../../shared/contract'
import { posterUrl } from '../../api/media-urls'
import { formatDuration } from '../../format'
import { REASON_LABEL } from './stack-words'

/** The files stacked under a head, each a small card with why it is there and a link that opens it. */
export function StackMembers({ stack, label }: { stack: StackView; label: string }) {
  const more = stack.count - stack.members.length
  return (
    <>
      <ul className="stack-members" aria-label={label}>
        {stack.members.map(({ asset, reason }) => (
          <li key={asset.id} className="stack-member" data-testid="stack-member">
            <MemberPoster asset={asset} />
            <div className="stack-member-text">
              <a href={`#/asset/${encodeURIComponent(asset.id)}`} title={asset.name}>
                {asset.name}
              </a>
              <span className={`stack-reason stack-reason-${reason}`}>{REASON_LABEL[reason]}</span>
              <span className="stack-member-facts">{facts(asset)}</span>
            </div>
          </li>
        ))}
      </ul>
      {more > 0 && <p className="stack-more">And {more.toLocaleString()} more not listed here.</p>}
    </>
  )
}

/** The member's poster, or its kind's glyph while there is none (not made yet, or a file with no picture). */
function MemberPoster({ asset }: { asset: MediaListItem }) {
  const [failed, setFailed] = useState(false)
  return (
    <div className="stack-member-poster" aria-hidden="true">
      <span>{asset.mediaType === 'image' ? '🖼' : asset.mediaType === 'audio' ? '♪' : '🎞'}</span>
      {!failed && <img src={posterUrl(asset.id)} alt="" onError={() => setFailed(true)} />}
    </div>
  )
}

function facts(asset: MediaListItem): string {
  const duration = asset.durationSeconds === null ? null : formatDuration(asset.durationSeconds)
  return [asset.resolution, duration].filter(Boolean).join(' · ')
}
