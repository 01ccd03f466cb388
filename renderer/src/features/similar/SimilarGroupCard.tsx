import { useId, useMemo } from 'react'
import type { SimilarGroup } from '../../../../shared/contract'
import { formatBytes, formatDuration, plural } from '../../format'
import { MemberCard } from './MemberCard'
import { deletableWith } from '../../../../shared/similar-keep'
import { insideWords, keptWords, matchedSpans, playbackOffsets, relationWords } from './similar-words'
import { useSyncedPlayback } from './use-synced-playback'

/** Two assets the user says are no duplicates of each other. */
export interface Pair {
  a: string
  b: string
}

/** One group of near-duplicates: its members side by side, played together, with a keeper to choose. */
export function SimilarGroupCard({
  group,
  keeper,
  headingRef,
  onKeeper,
  onDelete,
  onDismiss,
}: {
  group: SimilarGroup
  keeper: string
  headingRef(element: HTMLHeadingElement | null): void
  onKeeper(id: string): void
  /** Asks to delete these assets. */
  onDelete(ids: string[]): void
  onDismiss(pairs: Pair[]): void
}) {
  const headingId = useId()
  const names = useMemo(() => new Map(group.members.map((m) => [m.asset.id, m.asset.name])), [group])
  const nameOf = (id: string) => names.get(id) ?? 'an asset'
  const offsets = useMemo(() => playbackOffsets(group), [group])
  const videos = group.members.filter((member) => member.asset.mediaType === 'video')
  const leader = videos.reduce<(typeof videos)[number] | undefined>(
    (longest, member) =>
      !longest || (member.asset.durationSeconds ?? 0) > (longest.asset.durationSeconds ?? 0) ? member : longest,
    undefined,
  )
  const length = leader?.asset.durationSeconds ?? 0
  const playback = useSyncedPlayback(leader?.asset.id ?? null, offsets)
  const inside = insideWords(group, keeper)
  const freed = deletableWith(group, keeper).reduce((sum, m) => sum + (m.asset.sizeBytes ?? 0), 0)

  return (
    <section className="similar-group" aria-labelledby={headingId} data-testid="similar-group">
      <header className="similar-group-head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {nameOf(group.anchor)} and {plural(group.members.length - 1, 'near-duplicate', 'near-duplicates')}
        </h2>
        <span className="muted">Keeping one frees {formatBytes(freed)}</span>
      </header>
      {inside && <p className="similar-inside">{inside}</p>}
      {leader && videos.length > 1 && (
        <div className="similar-playback" role="group" aria-label="Play the group together">
          <button type="button" className="primary" onClick={playback.toggle}>
            {playback.playing ? 'Pause' : 'Play all'}
          </button>
          <input
            type="range"
            aria-label="Position of every video"
            min={0}
            max={length}
            step={0.1}
            value={Math.min(playback.time, length)}
            onChange={(event) => playback.seek(Number(event.currentTarget.value))}
          />
          <span className="similar-clock">
            {formatDuration(playback.time)} / {formatDuration(length)}
          </span>
          <span className="similar-legend">
            <span className="stretch-swatch" aria-hidden="true" /> matched footage on each timeline
          </span>
          {playback.problem && <span role="alert">{playback.problem}</span>}
        </div>
      )}
      <ul className="similar-members">
        {group.members.map((member) => {
          const id = member.asset.id
          // Dismissing only the pair of its link would leave it in the group through a third member:
          // "not a duplicate" takes it out of the group, paired off with every other member.
          const others = group.members.filter((other) => other.asset.id !== id)
          const pairs = others.map((other) => ({ a: id, b: other.asset.id }))
          const goWithIt = deletableWith(group, id).map((other) => other.asset.id)
          const kept = keptWords(member, group, keeper, nameOf)
          const notes = [member.keeper ? `Preselected to keep: ${group.keeperWhy}.` : null, kept].filter(
            (note) => note !== null,
          )
          return (
            <MemberCard
              key={id}
              member={member}
              relation={relationWords(member, nameOf)}
              spans={matchedSpans(group, id)}
              time={Math.max(0, playback.time - (offsets[id] ?? 0))}
              keep={id === keeper}
              groupName={`keeper-${group.anchor}`}
              attach={(video) => playback.attach(id, video)}
              onKeep={() => onKeeper(id)}
              onDelete={() => onDelete([id])}
              onKeepOnly={goWithIt.length > 0 ? () => onDelete(goWithIt) : null}
              notes={notes}
              onDismiss={() => onDismiss(pairs)}
              dismissLabel={
                others.length === 1 ? `Not a duplicate of ${others[0]!.asset.name}` : 'Not a duplicate of the others'
              }
            />
          )
        })}
      </ul>
    </section>
  )
}
