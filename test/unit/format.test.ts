import { describe, expect, it } from 'vitest'
import { formatBytes, formatDateTime } from '../../renderer/src/format'

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [5 * 1024 ** 2, '5.0 MiB'],
    [3.25 * 1024 ** 4, '3.3 TiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})

describe('formatDateTime', () => {
  it('leaves text that is not a date as it is', () => {
    expect(formatDateTime('not a date')).toBe('not a date')
    expect(formatDateTime('2026-01-02T03:04:05.000Z')).not.toBe('2026-01-02T03:04:05.000Z')
  })
})
