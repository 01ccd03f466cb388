import { afterEach, describe, expect, it, vi } from 'vitest'
import { firstAdminName, parseAdminName } from '../../main/hub/first-admin'

// Issue 64 point 6: the first admin is named at the first start, by --admin or on the terminal.
describe("a hub's first admin's name", () => {
  afterEach(() => vi.restoreAllMocks())

  it('takes --admin trimmed, and refuses an empty or too long one in words', () => {
    expect(parseAdminName(undefined)).toBeUndefined()
    expect(parseAdminName('  Ada Lovelace ')).toBe('Ada Lovelace')
    expect(() => parseAdminName('  ')).toThrow('--admin: A name must not be empty.')
    expect(() => parseAdminName('x'.repeat(81))).toThrow('--admin: A name must be at most 80 characters.')
  })

  it('uses --admin without asking; without a terminal falls back to "admin", saying so', async () => {
    const ask = vi.fn(async () => 'Bo')
    expect(await firstAdminName('Ada', ask)).toEqual({ name: 'Ada', defaulted: false })
    expect(ask).not.toHaveBeenCalled()
    expect(await firstAdminName(undefined, null)).toEqual({ name: 'admin', defaulted: true })
  })

  it('asks again on the terminal until a name is valid; Enter takes "admin"', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const answers = ['\u0007bell', ' Ada ']
    expect(await firstAdminName(undefined, async () => answers.shift()!)).toEqual({ name: 'Ada', defaulted: false })
    expect(console.error).toHaveBeenCalledWith('A name must not contain control characters.')
    expect(await firstAdminName(undefined, async () => '')).toEqual({ name: 'admin', defaulted: false })
  })
})
