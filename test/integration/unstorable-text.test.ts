import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mayCall, Role } from '../../shared/access'
import { channels, contract, type Channel } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { openHubLibrary } from '../../main/app/open-hub-library'
import { openLibrary } from '../../main/app/open-library'
import { dispatch } from '../../main/dispatch'
import { validArbitrary } from '../fuzz-support/valid-arbitrary'
import { ENGINES, freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

// Issue 61 point 6: PostgreSQL's text cannot hold a NUL; a call carrying one was a 500 on ten channels of a hub.
// Every channel refuses it in words, before any handler, for every role, on both engines.

/** A valid-looking input of the channel with a NUL in its first string, or in a key when it has no string. */
function withNul(channel: Channel): unknown {
  const [input] = fc.sample(validArbitrary(contract[channel].input), { numRuns: 1, seed: 61 })
  const first = { done: false }
  const put = (value: unknown): unknown => {
    if (first.done) return value
    if (typeof value === 'string') {
      first.done = true
      return `${value}\u0000`
    }
    if (Array.isArray(value)) return value.map(put)
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, put(inner)]))
    return value
  }
  const changed = put(input)
  return first.done ? changed : { ...(changed as object), 'key\u0000': 1 }
}

async function openOn(engine: (typeof ENGINES)[number]): Promise<Library> {
  return engine === 'sqlite' ? openLibrary(tempDir()) : openHubLibrary(tempDir(), await freshHubDatabase())
}

describe.each(ENGINES)('text with a NUL on %s', (engine) => {
  it('is refused by every channel in every role: 400 in words, nothing written', async () => {
    const lib = await openOn(engine)
    try {
      const before = await Promise.resolve(lib.changes.cursor())
      const answers = new Map<string, string>()
      for (const channel of channels) {
        const input = withNul(channel)
        for (const role of Role.options) {
          const answer = await dispatch(lib, channel, input, { role, person: { id: 1, name: 'Ada' } })
          if (answer.ok) throw new Error(`${channel} as ${role} took a NUL`)
          const { code, message, details } = answer.error
          const issue = (details as { issues?: Array<{ code: string }> } | undefined)?.issues?.[0]?.code
          answers.set(`${channel} ${role}`, mayCall(role, channel) ? `${code} ${issue}` : code)
          if (mayCall(role, channel)) expect(message).toContain('must not contain the NUL character')
        }
      }
      for (const [call, answer] of answers) {
        const [channel, role] = call.split(' ') as [Channel, Role]
        expect(answer, call).toBe(mayCall(role, channel) ? 'validation nul_character' : 'forbidden')
      }
      expect(answers.size).toBe(channels.length * Role.options.length)
      expect(await Promise.resolve(lib.changes.cursor())).toBe(before)
    } finally {
      await lib.close()
    }
  }, 120_000)
})
