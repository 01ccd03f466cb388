import { describe, expect, it } from 'vitest'
import { call } from '../helpers/browse'
import { librariesOfBothEngines } from '../helpers/both-engines'

const { libraries } = librariesOfBothEngines()
const hashOf = (digit: string) => `sha256:${digit.repeat(64)}`

// Issue 64 point 2: what was removed here, by whom and when, so a push never puts it back.
describe.each(Object.entries(libraries))('removals, on %s', (_engine, open) => {
  it('media:removed answers nothing removed in a new library, and takes only content hashes', async () => {
    const lib = await open()
    expect(await call(lib, 'media:removed', { hashes: [hashOf('a')] })).toEqual({
      assets: [],
      tags: [],
      members: [],
      collections: [],
    })
    await expect(call(lib, 'media:removed', { hashes: ['abc'] })).rejects.toThrow(/validation/)
    await expect(call(lib, 'media:removed', { hashes: [] })).rejects.toThrow(/validation/)
  })
})
