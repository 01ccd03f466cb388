import type { SearchMatch } from '../../../../shared/contract'
import { formatDuration } from '../../format'

const FIELD_WORDS: Record<SearchMatch['field'], string> = {
  name: 'Name',
  path: 'Folder',
  tags: 'Tag',
  notes: 'Notes',
  prompt: 'Prompt',
  screen: 'On screen',
  subtitles: 'Subtitles',
  comment: 'Comment',
}

/** The field that held the hit, and for words on screen or subtitles when ("On screen at 0:03", "Subtitles at 1:12"). */
function fieldWords(matched: SearchMatch): string {
  const when = matched.at === undefined ? '' : ` at ${formatDuration(matched.at)}`
  return `${FIELD_WORDS[matched.field]}${when}`
}

/** Why a search hit matched, as one line of text ("On screen at 0:03: SALE lantern 50% OFF"). */
export function matchWords(matched: SearchMatch): string {
  return `${fieldWords(matched)}: ${matched.parts.map((part) => part.text).join('')}`
}

/** Why a search hit matched, in a card: the field, then the passage with the searched words marked. */
export function SearchMatchLine({ matched }: { matched: SearchMatch }) {
  return (
    <div className="media-match" data-testid="media-match" title={matchWords(matched)}>
      <span className="match-field">{fieldWords(matched)}:</span>{' '}
      {matched.parts.map((part, index) => (part.hit ? <mark key={index}>{part.text}</mark> : part.text))}
    </div>
  )
}
