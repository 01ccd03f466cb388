import { describe, expect, it } from 'vitest'
import { channels, contract, events, isChannel, LibraryName } from '../../shared/contract'
import { handlers } from '../../main/handlers/index'

describe('the contract', () => {
  it('names every channel domain:verb and every event likewise', () => {
    for (const name of [...channels, ...Object.keys(events)]) expect(name).toMatch(/^[a-z]+:[a-z-]+$/)
  })

  it('has exactly one handler per channel in the registry', () => {
    expect(Object.keys(handlers).sort()).toEqual([...channels].sort())
  })

  it('recognises its own channels only', () => {
    expect(isChannel('library:info')).toBe(true)
    expect(isChannel('library:drop')).toBe(false)
    expect(isChannel('toString')).toBe(false)
  })

  it('rejects extra keys on inputs', () => {
    expect(contract['library:info'].input.safeParse({}).success).toBe(true)
    expect(contract['library:info'].input.safeParse({ sneaky: 1 }).success).toBe(false)
  })
})

describe('LibraryName', () => {
  it('trims and accepts ordinary names', () => {
    expect(LibraryName.parse('  Shots 2026  ')).toBe('Shots 2026')
    expect(LibraryName.parse('Проект · 映像')).toBe('Проект · 映像')
  })

  it.each<[unknown, string]>([
    ['', 'empty'],
    ['   ', 'blank'],
    ['x'.repeat(121), 'too long'],
    ['line\nbreak', 'control characters'],
    ['next\u0085line', 'a C1 control character'],
    ['clip\u202egpj.exe', 'a right-to-left override'],
    ['\u2067isolated', 'a direction isolate'],
    [42, 'not a string'],
  ])('rejects %j (%s)', (value) => {
    expect(LibraryName.safeParse(value).success).toBe(false)
  })
})
