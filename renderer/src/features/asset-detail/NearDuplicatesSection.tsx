import type { ChannelOutput } from '../../../../shared/contract'
import { formatDuration } from '../../format'
import { ErrorLine } from '../../ui/ErrorLine'
import { relationSentence } from '../similar/index'
import { useNearDuplicates } from './use-asset'

type Match = ChannelOutput<'similar:of'>['matches'][number]

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
          <>
            <ul className="near-duplicates" aria-label="Near-duplicates of this asset">
              {state.data.matches.map((match) => (
                <MatchItem key={match.asset.id} match={match} />
              ))}
            </ul>
            <a className="button-link" href="#/similar">
              Review near-duplicates
            </a>
          </>
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
      <p>{relationSentence(match.relation, match.shareOfAsset, match.shareOfOther, asset.name)}</p>
    </li>
  )
}
