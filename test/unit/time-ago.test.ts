import { describe, expect, it } from 'vitest'
import { timeAgo } from '../../renderer/src/ui/time-ago'

const NOW = Date.parse('2026-11-27T12:00:00.000Z')
const before = (ms: number) => new Date(NOW - ms).toISOString()

describe('how long ago, in words', () => {
  it('says just now, minutes, hours, yesterday and days', () => {
    expect(timeAgo(before(5_000), NOW)).toBe('just now')
    expect(timeAgo(before(2 * 60_000 + 30_000), NOW)).toBe('2 min ago')
    expect(timeAgo(before(59 * 60_000), NOW)).toBe('59 min ago')
    expect(timeAgo(before(3 * 3_600_000), NOW)).toBe('3 h ago')
    expect(timeAgo(before(30 * 3_600_000), NOW)).toBe('yesterday')
    expect(timeAgo(before(4 * 86_400_000), NOW)).toBe('4 days ago')
  })

  it('counts a time ahead of this clock (another machine) or unreadable as just now', () => {
    expect(timeAgo(new Date(NOW + 90_000).toISOString(), NOW)).toBe('just now')
    expect(timeAgo('not a date', NOW)).toBe('just now')
  })
})
