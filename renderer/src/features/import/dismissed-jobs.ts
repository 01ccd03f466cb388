// Per library, so two libraries opened in turn keep their own; bounded, as job ids only accumulate.
const KEY_PREFIX = 'framevault:dismissed-imports:'
const KEPT = 200

/**
 * The import jobs the user dismissed in this library, remembered in localStorage: the panel
 * shows the recent jobs again after a reload, and a dismissed one must stay away. Storage that
 * is unavailable or holds something else counts as nothing dismissed.
 */
export function readDismissed(libraryId: string): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY_PREFIX + libraryId) ?? '[]')
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}

/** Remembers `jobIds` as dismissed in this library (the newest KEPT of them). */
export function writeDismissed(libraryId: string, jobIds: string[]): void {
  try {
    localStorage.setItem(KEY_PREFIX + libraryId, JSON.stringify(jobIds.slice(-KEPT)))
  } catch {
    // Full or disabled storage: the dismissal lasts until the next reload.
  }
}
