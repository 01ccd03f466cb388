import { describe, expect, it } from 'vitest'
import { lostBackend } from '../../renderer/src/api/library-info'
import { createQueryCache, queryKey } from '../../renderer/src/api/query-cache'

const FRAME = queryKey('library:info', {}, 0)
const SETTINGS = queryKey('library:info', {}, 1)
const facts = { name: 'Team', nameVersion: 1 }
const refused = (code: string) => ({ code, message: `refused: ${code}` })

/** A cache whose copies of the facts were read (`read`) or failed with `failed`'s codes, as the window leaves them. */
async function cacheWith(read: (typeof FRAME)[], failed: [typeof FRAME, string][]) {
  const cache = createQueryCache()
  for (const key of read) cache.setQueryData(key, facts)
  for (const [key, code] of failed) {
    await cache
      .fetchQuery({ queryKey: key, queryFn: () => Promise.reject(refused(code)), staleTime: 0 })
      .catch(() => undefined)
  }
  return cache
}

describe('lostBackend', () => {
  it('keeps the window when a page’s own copy, never read, meets a catalogue away that the frame’s copy had read', async () => {
    const cache = await cacheWith([FRAME], [[SETTINGS, 'unavailable']])
    expect(lostBackend(cache)).toBeUndefined()
  })

  it('says the backend is lost when no copy of the facts was ever read and the catalogue is away', async () => {
    const cache = await cacheWith([], [[FRAME, 'unavailable']])
    expect(lostBackend(cache)).toMatchObject({ code: 'unavailable' })
  })

  it('says the backend is lost on an unreachable host or a refused token even once the facts were read', async () => {
    for (const code of ['unreachable', 'unauthorized']) {
      const cache = await cacheWith([FRAME], [[SETTINGS, code]])
      expect(lostBackend(cache)).toMatchObject({ code })
    }
  })

  it('leaves other refusals to the page that asked', async () => {
    const cache = await cacheWith([], [[SETTINGS, 'internal']])
    expect(lostBackend(cache)).toBeUndefined()
  })
})
