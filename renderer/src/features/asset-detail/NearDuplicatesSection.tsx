import type { ChannelOutput } from '../../../../shared/contract'
import { formatDuration } from '../../format'
import { ErrorLine } from '../../ui/ErrorLine'
import { useNearDuplicates } from './use-asset'

type Match = ChannelOutput<'similar:of'>['matches'][number]

/** What the other asset is to this one, and how much of each lies in the other. */
function relationWords({ relation, shareOfAsset, shareOfOther }: Match): string {
  switch (relation) {
    case 'same':
      return `Same footage · ${percent(Math.min(shareOfAsset, shareOfOther))} matched`
    case 'contains':
      return `A trim or part of this one · ${percent(shareOfOther)} of it lies in this one`
    case 'part-of':
      return `Holds this one (a trim or part of it) · ${percent(shareOfAsset)} of this one lies in it`
    case 'overlaps':
      return `Shares footage · ${percent(shareOfAsset)} of this one, ${percent(shareOfOther)} of it`
  }
}

/** The assets whose frames match this one's (issue 21), with how they relate and how much matched. */
export function NearDuplicatesSection({ assetId }: { assetId: string }) {
  const state = useNearDuplicates(assetId)
  return (
    <section className="detail-section" aria-labelledby="detail-near-duplicates">
      <h2 id="detail-near-duplicates">Near-duplicates</h2>
      {state.status === 'loading' && <p className="empty">Loading…</p>}
      {state.status === 'error' && <ErrorLine>{state.message}</ErrorLine>}
      {state.status === 'ready' &&
        (state.data.matches.length === 0 ? (
          <p className="empty">None found: no other asset shares this one’s frames (or it is not hashed yet).</p>
        ) : (
          <ul className="near-duplicates" aria-label="Near-duplicates of this asset">
            {state.data.matches.map((match) => (
              <MatchItem key={match.asset.id} match={match} />
            ))}
          </ul>
        ))}
    </section>
  )
}

function MatchItem({ match }: { match: Match }) {
  const { asset } = match
  const facts = [asset.resolution, asset.durationSeconds !== null ? formatDuration(asset.durationSeconds) : null]
  return (
    <li>
      <a href={`#/asset/${encodeURIComponent(asset.id)}`}>{asset.name}</a>
      <span className="muted"> {facts.filter(Boolean).join(' · ')}</span>
      <p>{relationWords(match)}</p>
    </li>
  )
}

const percent = (share: number) => `${Math.round(share * 100)}%`
