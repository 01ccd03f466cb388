import { WorkflowFormat } from '../../../../shared/contract'

// Per library and per tab (sessionStorage): a reload keeps the offers of the drop it interrupted.
const KEY_PREFIX = 'framevault:workflow-offers:'

/** A dropped workflow offered and not yet added: what adding it needs after a reload. */
export interface KeptOffer {
  fileName: string
  format: WorkflowFormat
  id?: string
  definition: string
}

/** The offers kept for this library; storage that is unavailable or holds something else keeps none. */
export function readKeptOffers(libraryId: string): KeptOffer[] {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(KEY_PREFIX + libraryId) ?? '[]')
    return Array.isArray(stored) ? stored.filter(isKeptOffer) : []
  } catch {
    return []
  }
}

/** Keeps these offers for this library (none: forgets them). */
export function writeKeptOffers(libraryId: string, offers: KeptOffer[]): void {
  try {
    if (offers.length === 0) sessionStorage.removeItem(KEY_PREFIX + libraryId)
    else sessionStorage.setItem(KEY_PREFIX + libraryId, JSON.stringify(offers))
  } catch {
    // Full or disabled storage (a tab keeps about 5 MB): the offers last until the next reload.
  }
}

function isKeptOffer(value: unknown): value is KeptOffer {
  if (typeof value !== 'object' || value === null) return false
  const offer = value as Record<string, unknown>
  return (
    typeof offer.fileName === 'string' &&
    typeof offer.definition === 'string' &&
    WorkflowFormat.safeParse(offer.format).success &&
    (offer.id === undefined || typeof offer.id === 'string')
  )
}
