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

// Offers made before the window knew its library (a drop right after it opened): kept until it does.
const UNKNOWN_LIBRARY = 'pending'

/** The offers kept for this library; storage that is unavailable or holds something else keeps none. */
export function readKeptOffers(libraryId: string): KeptOffer[] {
  return readKey(libraryId)
}

/** The offers an earlier page of this tab kept before it knew its library (read as a page starts). */
export function readPendingOffers(): KeptOffer[] {
  return readKey(UNKNOWN_LIBRARY)
}

/** Keeps these offers for this library, or as pending until it is known (none: forgets them). */
export function writeKeptOffers(libraryId: string | undefined, offers: KeptOffer[]): void {
  try {
    if (libraryId !== undefined) sessionStorage.removeItem(KEY_PREFIX + UNKNOWN_LIBRARY)
    const key = KEY_PREFIX + (libraryId ?? UNKNOWN_LIBRARY)
    if (offers.length === 0) sessionStorage.removeItem(key)
    else sessionStorage.setItem(key, JSON.stringify(offers))
  } catch {
    // Full or disabled storage (a tab keeps about 5 MB): the offers last until the next reload.
  }
}

function readKey(name: string): KeptOffer[] {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(KEY_PREFIX + name) ?? '[]')
    return Array.isArray(stored) ? stored.filter(isKeptOffer) : []
  } catch {
    return []
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
