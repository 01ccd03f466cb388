/** Someone who may be mentioned: a person of the library. */
export interface Mentionable {
  id: number
  name: string
}

// A name ends where a letter or digit does not follow it ("@Ada," mentions Ada; "@Adam" does not).
const NAME_CONTINUES = /[\p{L}\p{N}_]/u

/**
 * The people `body` mentions: each "@" (at the start or after a space or punctuation) followed by a person's name in
 * any case, the longest such name where several fit ("@Ada Lovelace" is Ada Lovelace when both are people).
 */
export function mentionedPeople(body: string, people: readonly Mentionable[]): Mentionable[] {
  const found = new Map<number, Mentionable>()
  const lower = body.toLowerCase()
  for (let at = lower.indexOf('@'); at !== -1; at = lower.indexOf('@', at + 1)) {
    if (at > 0 && NAME_CONTINUES.test(body[at - 1]!)) continue
    const rest = lower.slice(at + 1)
    const named = people
      .filter((person) => {
        const name = person.name.toLowerCase()
        return rest.startsWith(name) && !NAME_CONTINUES.test(rest.charAt(name.length))
      })
      .sort((a, b) => b.name.length - a.name.length)[0]
    if (named) found.set(named.id, named)
  }
  return [...found.values()]
}
