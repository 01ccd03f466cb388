// The hub last opened or sent to (its address, never its token): this machine's, not one library's.
const ADDRESS_KEY = 'framevault.team-library.address'

export function lastAddress(): string {
  try {
    return localStorage.getItem(ADDRESS_KEY) ?? ''
  } catch {
    return ''
  }
}

export function rememberAddress(origin: string): void {
  try {
    localStorage.setItem(ADDRESS_KEY, origin)
  } catch {
    // Storage full or refused: the address is a convenience.
  }
}
