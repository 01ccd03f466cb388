import type { SearchMatch } from '../../../../shared/contract'

const FIELD_WORDS: Record<SearchMatch['field'], string> = {
  name: 'Name',
  path: 'Folder',
  tags: 'Tag',
  notes: 'Notes',
  prompt: 'Prompt',
  screen: 'On screen',
}

/** Why a search hit matched, as one line of text ("On screen: SALE lantern 50% OFF"). */
export function matchWords(matched: SearchMatch): string {
  return `${FIELD_WORDS[matched.field]}: ${matched.parts.map((part) => part.text).join('')}`
}

/** Why a search hit matched, in a card: the field, then the passage with the searched words marked. */
export function SearchMatchLine({ matched }: { matched: SearchMatch }) {
  return (
    <div className="media-match" data-testid="media-match" title={matchWords(matched)}>
      <span className="match-field">{FIELD_WORDS[matched.field]}:</span>{' '}
      {matched.parts.map((part, index) => (part.hit ? <mark key={index}>{part.text}</mark> : part.text))}
    </div>
  )
}
