import { useState } from 'react'
import type { SimilarMember } from '../../../../shared/contract'
import { hashOfRoute } from '../../app/navigation-slice'
import { posterUrl } from '../../api/media-urls'
import { formatBytes, formatDuration } from '../../format'
import { useMayCall } from '../people/index'
import type { Span } from './similar-words'

/** One member of a group: its picture or video with the matched stretches marked, its facts and what to do with it. */
export function MemberCard({
  member,
  relation,
  spans,
  time,
  keep,
  groupName,
  attach,
  onKeep,
  onDelete,
  onDismiss,
  dismissLabel,
  notes,
  onKeepOnly,
}: {
  member: SimilarMember
  relation: string
  /** What else to know of it: why it was preselected, what lies inside it, why it stays when the others go. */
  notes: string[]
  spans: Span[]
  /** Where this member's own timeline stands (the group's clock minus its offset). */
  time: number
  keep: boolean
  /** The radio group's name: one keeper per group. */
  groupName: string
  attach(video: HTMLVideoElement | null): void
  onKeep(): void
  onDelete(): void
  onDismiss(): void
  dismissLabel: string
  /** Keeps this one and asks to delete the others that may go; absent when none may. */
  onKeepOnly: (() => void) | null
}) {
  const { asset } = member
  const src = `/media/files/${encodeURIComponent(asset.id)}`
  const [problem, setProblem] = useState<string | null>(null)
  const mayDelete = useMayCall('media:delete')
  const mayDismiss = useMayCall('similar:dismiss')
  return (
    <li className={keep ? 'similar-member keeper' : 'similar-member'} data-testid="similar-member">
      <div className="similar-media">
        {asset.mediaType === 'image' ? (
          <img src={src} alt={asset.name} />
        ) : problem ? (
          <p role="alert">{problem}</p>
        ) : (
          <video
            ref={attach}
            src={src}
            poster={posterUrl(asset.id)}
            muted
            playsInline
            preload="metadata"
            aria-label={`Player: ${asset.name}`}
            onError={() => setProblem('This browser cannot play this file; the file itself may be fine.')}
          />
        )}
      </div>
      {asset.mediaType === 'video' && asset.durationSeconds ? (
        <StretchBar spans={spans} duration={asset.durationSeconds} time={time} />
      ) : null}
      <a className="similar-name" href={hashOfRoute({ view: 'asset', assetId: asset.id })}>
        {asset.name}
      </a>
      <p className="similar-relation">{relation}</p>
      {notes.map((note) => (
        <p key={note} className="similar-note">
          {note}
        </p>
      ))}
      <dl className="similar-facts">
        <Fact term="Resolution" value={asset.resolution?.replace('x', '×')} />
        {asset.mediaType !== 'image' && (
          <Fact term="Duration" value={asset.durationSeconds ? formatDuration(asset.durationSeconds) : null} />
        )}
        <Fact term="Size" value={asset.sizeBytes === null ? null : formatBytes(asset.sizeBytes)} />
        <Fact term="Codec" value={asset.codec} />
        <Fact term="Made by" value={member.hasProvenance ? 'has a workflow or generation details' : 'not known'} />
      </dl>
      <div className="similar-actions">
        <label className="similar-keep">
          <input type="radio" name={groupName} checked={keep} onChange={onKeep} />
          Keep this one
        </label>
        {mayDelete && (
          <button
            type="button"
            className="danger-text"
            data-needs="media:delete"
            onClick={onDelete}
            aria-label={`Delete ${asset.name}…`}
          >
            Delete…
          </button>
        )}
        {mayDelete && onKeepOnly && (
          <button
            type="button"
            data-needs="media:delete"
            onClick={onKeepOnly}
            aria-label={`Keep ${asset.name}, delete the others…`}
          >
            Keep this, delete the others…
          </button>
        )}
        {mayDismiss && (
          <button type="button" data-needs="similar:dismiss" onClick={onDismiss}>
            {dismissLabel}
          </button>
        )}
      </div>
    </li>
  )
}

function Fact({ term, value }: { term: string; value: string | null | undefined }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value ?? 'unknown'}</dd>
    </>
  )
}

/** The member's timeline: matched stretches marked, the playhead where the group's clock puts it. */
function StretchBar({ spans, duration, time }: { spans: Span[]; duration: number; time: number }) {
  const at = (seconds: number) => `${Math.min(100, Math.max(0, (seconds / duration) * 100))}%`
  const words =
    spans.length === 0
      ? 'No matched stretch known.'
      : `Matched: ${spans.map((span) => `${formatDuration(span.start)}–${formatDuration(span.end)}`).join(', ')}`
  return (
    <div className="stretch-bar" role="img" aria-label={words} title={words} data-testid="stretch-bar">
      {spans.map((span) => (
        <span
          key={span.start}
          className="stretch"
          style={{ left: at(span.start), width: `calc(${at(span.end)} - ${at(span.start)})` }}
        />
      ))}
      <span className="playhead" style={{ left: at(time) }} />
    </div>
  )
}
