const KEY = 'framevault-guest-name'

/**
 * The name a review link's visitor typed (issue 60 point 4), kept in this browser and sent with every call as the
 * `x-framevault-guest` header: their comments and review statuses go under it, marked as a guest's. Null until typed.
 */
export function guestName(): string | null {
  try {
    return localStorage.getItem(KEY)
  } catch {
    return null
  }
}

/** Keeps the name a visitor typed for their next calls. */
export function setGuestName(name: string): void {
  localStorage.setItem(KEY, name)
}

/** The header that carries the visitor's name, where they typed one. */
export function guestHeader(): Record<string, string> {
  const name = guestName()
  return name === null ? {} : { 'x-framevault-guest': encodeURIComponent(name) }
}
