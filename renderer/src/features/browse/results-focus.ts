import type { FocusEvent } from 'react'
import { useAppStore } from '../../app/use-app-store'
import { shownMedia } from './use-media-list'

/** The id of an asset's card in the grid, which the grid's `aria-activedescendant` names. */
export function cardId(assetId: string): string {
  return `card-${assetId}`
}

/** Focus arriving on the grid or list with no asset focused yet puts the keyboard on the first one, so the arrows start there. */
export function focusFirstAsset(event: FocusEvent): void {
  // A click lands here too: only the keyboard's arrival (focus-visible) picks a card.
  if (event.target !== event.currentTarget || !event.currentTarget.matches(':focus-visible')) return
  const state = useAppStore.getState()
  const media = shownMedia()
  if (state.focus === null && media.length > 0) state.focusAsset(media[0].id)
}
