import type { Comment } from '../../../../shared/contract'

/** A comment pinned to a time of this asset, as a marker shows it. */
export interface CommentMark {
  id: number
  at: number
  /** Where a range ends; null for a point in time. */
  end: number | null
  resolved: boolean
  hasRegion: boolean
  /** Its author and first words, as hovering shows them. */
  words: string
}

const FIRST_WORDS = 10

/** The threads pinned to a time of `assetId` (not those of other assets of its stack, nor deleted ones), by time. */
export function marksOf(comments: readonly Comment[], assetId: string): CommentMark[] {
  return comments
    .filter((one) => one.parentId === null && one.asset.id === assetId && !one.deleted && one.at !== null)
    .map((one) => ({
      id: one.id,
      at: one.at!,
      end: one.end,
      resolved: one.resolved !== null,
      hasRegion: one.region !== null,
      words: `${one.author.name}${one.author.guest ? ' (guest)' : ''}: ${firstWords(one.body)}`,
    }))
    .sort((a, b) => a.at - b.at)
}

/** The first words of a comment, "…" where it goes on. */
export function firstWords(body: string): string {
  const words = body.split(/\s+/).filter(Boolean)
  return words.length > FIRST_WORDS ? `${words.slice(0, FIRST_WORDS).join(' ')}…` : words.join(' ')
}
