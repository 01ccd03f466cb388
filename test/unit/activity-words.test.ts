import { describe, expect, it } from 'vitest'
import type { Channel } from '../../shared/contract'
import { describeCall, importWords, pushWords, type Names } from '../../main/services/people/activity-words'

// Issue 60 point 6: each act in words, an edit with what it changed from (read before it was made).
const assetNames = new Map([
  ['t4', 'take-04.mp4'],
  ['d', 'dusk.png'],
])
const names: Names = {
  asset: async (id) => assetNames.get(id) ?? 'an asset no longer here',
  collection: async (id) => (id === 7 ? 'Picks' : 'a collection no longer here'),
}
const words = async (channel: Channel, input: unknown, before?: unknown, output: unknown = {}) =>
  (await describeCall({ channel, input, output, before }, names)).words

describe('activity words', () => {
  it('says a rating old → new for one asset, for several that all had one rating, and the new alone for a mix', async () => {
    expect(await words('media:set-rating', { ids: ['t4'], rating: 4 }, [2])).toBe('rated take-04.mp4 ★★ → ★★★★')
    expect(await words('media:set-rating', { ids: ['t4'], rating: 4 }, [0])).toBe('rated take-04.mp4 ★★★★')
    expect(await words('media:set-rating', { ids: ['t4', 'd', 'x'], rating: 5 }, [3])).toBe(
      'rated 3 assets ★★★ → ★★★★★',
    )
    expect(await words('media:set-rating', { ids: ['t4', 'd'], rating: 5 }, [1, 3])).toBe('rated 2 assets ★★★★★')
    expect(await words('media:set-rating', { ids: ['t4'], rating: 0 }, [2])).toBe(
      'took the rating off take-04.mp4, was ★★',
    )
    expect(await words('media:set-rating', { ids: ['t4', 'd'], rating: 0 }, [0, 2])).toBe(
      'took the rating off 2 assets',
    )
  })

  it('says notes were written, changed or cleared, never what they say', async () => {
    const secret = 'colour is off in the last second'
    expect(await words('media:set-notes', { id: 't4', notes: secret }, false)).toBe('wrote notes on take-04.mp4')
    expect(await words('media:set-notes', { id: 't4', notes: secret }, true)).toBe('changed the notes of take-04.mp4')
    expect(await words('media:set-notes', { id: 't4', notes: '  ' }, true)).toBe('cleared the notes of take-04.mp4')
    expect(await words('media:set-notes', { id: 't4', notes: null }, true)).toBe('cleared the notes of take-04.mp4')
  })

  it('says a review status with the one it replaced, and its comment', async () => {
    expect(await words('review:set', { assetId: 't4', status: 'approved' }, 'needs-changes')).toBe(
      'approved take-04.mp4, was needs changes',
    )
    expect(await words('review:set', { assetId: 't4', status: 'approved' }, 'none')).toBe('approved take-04.mp4')
    expect(await words('review:set', { assetId: 't4', status: 'none' }, 'in-review')).toBe(
      'took the review status off take-04.mp4, was in review',
    )
    expect(
      await words('review:set', { assetId: 't4', status: 'needs-changes', comment: 'Too\n dark' }, 'approved'),
    ).toBe('asked for changes to take-04.mp4, was approved: “Too dark”')
  })

  it('says a rename of an asset or a collection old → new', async () => {
    expect(await words('media:rename', { id: 't4', name: 'take-05.mp4' }, 'take-04.mp4')).toBe(
      'renamed “take-04.mp4” → “take-05.mp4”',
    )
    expect(await words('collections:rename', { id: 7, name: 'Selects' }, 'Picks')).toBe(
      'renamed the collection “Picks” → “Selects”',
    )
    expect(await words('collections:rename', { id: 7, name: 'Selects' })).toBe('renamed a collection “Selects”')
  })

  it('says a comment edited or deleted on its asset', async () => {
    const output = { comment: { asset: { id: 't4', name: 'take-04.mp4' } } }
    expect(await words('comments:edit', { id: 1, body: 'x' }, undefined, output)).toBe(
      'edited a comment on take-04.mp4',
    )
    expect(await words('comments:delete', { id: 1 }, undefined, output)).toBe('deleted a comment on take-04.mp4')
  })

  it('says an import new against already in the library once it ended, and while it runs what it started', async () => {
    expect(await words('media:import-uploads', { uploads: [{}, {}, {}] })).toBe('started importing 3 files')
    expect(await words('media:import', { paths: ['/a', '/b'], link: false })).toBe(
      'started importing 2 folders and files',
    )
    expect(importWords({ imported: 2, duplicate: 1, failed: 0 }, 'done')).toBe(
      'imported 3 files (2 new, 1 already in the library)',
    )
    expect(importWords({ imported: 3, duplicate: 0, failed: 0 }, 'done')).toBe('imported 3 new files')
    expect(importWords({ imported: 1, duplicate: 0, failed: 0 }, 'done')).toBe('imported 1 new file')
    expect(importWords({ imported: 0, duplicate: 2, failed: 1 }, 'done')).toBe(
      'imported 3 files (2 already in the library, 1 failed)',
    )
    expect(importWords({ imported: 0, duplicate: 0, failed: 0 }, 'done')).toBe('imported no files')
    expect(importWords({ imported: 1, duplicate: 1, failed: 0 }, 'cancelled')).toBe(
      'imported 2 files (1 new, 1 already in the library), then cancelled the import',
    )
  })

  it('says a push by the assets it brought and how many were new, its files while they import', async () => {
    expect(pushWords({ files: 10, assets: 13, fresh: 10 })).toBe('pushed 13 assets (10 new)')
    expect(pushWords({ files: 0, assets: 1, fresh: 0 })).toBe('pushed 1 asset')
    expect(pushWords({ files: 10, assets: 0, fresh: 0 })).toBe('pushed 10 files')
  })
})
