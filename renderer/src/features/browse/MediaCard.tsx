import { memo, useState, type MouseEvent } from 'react'
import type { MediaListItem } from '../../../../shared/contract'
import { formatBytes, formatDuration } from '../../format'
import { useThumbnailVersion } from '../../api/thumbnail-versions'
import { codecName, isMissing } from './asset-facts'
import { cardId } from './results-focus'
import { Poster, PosterGlyph } from './Poster'
import { StackBadge } from '../stacks/index'
import { SearchMatchLine } from './SearchMatchLine'

/**
 * One asset in the grid: its poster (scrubbable for videos), name, technical facts and flags.
 * Memoized: the grid re-renders whenever a row scrolls in or a page arrives, and only cards whose
 * asset, selection or focus changed should render again (the handlers are stable callbacks).
 */
export const MediaCard = memo(function MediaCard({
  asset,
  selected,
  focused,
  light,
  onPick,
  onOpen,
}: {
  asset: MediaListItem
  selected: boolean
  focused: boolean
  /** The grid scrolls fast: a card without its poster yet shows a plain box in its place until the scroll slows. */
  light: boolean
  onPick(event: MouseEvent, id: string): void
  onOpen(id: string, at?: number): void
}) {
  const version = useThumbnailVersion(asset.id)
  // Once asked for, a poster stays, whatever the speed: a card never goes back to the box while on screen.
  // Set during render (React's pattern for state that follows a prop), so the poster comes in the render that
  // ends the fast scroll.
  const [posterWanted, setPosterWanted] = useState(!light)
  if (!light && !posterWanted) setPosterWanted(true)
  const facts = [
    asset.resolution,
    // Only videos and animated images have a duration; stills are stored without one.
    asset.durationSeconds !== null ? formatDuration(asset.durationSeconds) : null,
    codecName(asset),
    asset.sizeBytes !== null ? formatBytes(asset.sizeBytes) : null,
  ].filter((fact): fact is string => Boolean(fact))
  const missing = isMissing(asset)

  return (
    <div
      id={cardId(asset.id)}
      className={`media-card${selected ? ' selected' : ''}${focused ? ' focused' : ''}`}
      data-testid="media-card"
      data-asset-id={asset.id}
      role="gridcell"
      aria-selected={selected}
      onClick={(event) => onPick(event, asset.id)}
      onDoubleClick={() => onOpen(asset.id, asset.matched?.at)}
    >
      {posterWanted ? (
        <Poster asset={asset} version={version} />
      ) : (
        // What a poster shows while it loads, without the image request, the decode and the hover handling.
        <div className="poster poster-waiting" data-testid="poster-waiting">
          <PosterGlyph asset={asset} />
        </div>
      )}
      <StackBadge asset={asset} />
      {missing && (
        <span className="flag flag-missing" data-testid="missing-flag" title="The file was not found at its path">
          Missing file
        </span>
      )}
      <div className="media-name" title={asset.name}>
        {asset.rating > 0 && (
          <span className="media-rating" aria-label={`Rated ${asset.rating} of 5`}>
            {'★'.repeat(asset.rating)}{' '}
          </span>
        )}
        {asset.name}
      </div>
      {/* A search hit says why it matched where its facts stand, unless its name (shown above) is why. */}
      {asset.matched && asset.matched.field !== 'name' ? (
        <SearchMatchLine matched={asset.matched} />
      ) : (
        <div className="media-facts" data-testid="media-facts">
          {facts.map((fact) => (
            <span key={fact}>{fact}</span>
          ))}
        </div>
      )}
      {asset.error && (
        <div className="media-error" title={asset.error}>
          {asset.error}
        </div>
      )}
    </div>
  )
})
