import { existsSync, readdirSync, realpathSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { folderObjectStore } from '../../main/storage/folder-object-store'
import { storeWithin } from '../../main/storage/object-store'
import { tempDir } from '../helpers/temp-dir'

// Issue 19: frames go through a small store (put, get, list, delete by key) that another store can replace;
// issue 33: that store is the library's object store, below `derived/timelines`.
describe('the folder frame store', () => {
  it('puts, moves in, gets, lists and deletes by key, and refuses keys that leave its folder', async () => {
    const library = realpathSync(tempDir())
    const root = path.join(library, 'derived', 'timelines')
    const store = storeWithin(folderObjectStore(library, library), 'derived/timelines')
    await store.put('ab/cd/default-2fps/000001.jpg', Buffer.from('one'))
    const outside = path.join(tempDir(), 'frame.jpg')
    writeFileSync(outside, 'zero')
    await store.putFile('ab/cd/default-2fps/000000.jpg', outside)
    expect(existsSync(outside)).toBe(false)
    expect((await store.get('ab/cd/default-2fps/000000.jpg'))?.toString()).toBe('zero')
    expect(await store.get('ab/cd/default-2fps/000009.jpg')).toBeNull()
    expect(await store.list('ab/cd')).toEqual(['ab/cd/default-2fps/000000.jpg', 'ab/cd/default-2fps/000001.jpg'])
    expect(await store.list('ef')).toEqual([])
    expect(await store.localFile('ab/cd/default-2fps/000001.jpg')).toBe(
      path.join(root, 'ab/cd/default-2fps/000001.jpg'),
    )
    // No temp file is left beside a frame.
    expect(readdirSync(path.join(root, 'ab/cd/default-2fps'))).toEqual(['000000.jpg', '000001.jpg'])
    expect(await store.delete('ab/cd/default-2fps/000001.jpg')).toBe(true)
    expect(await store.delete('ab/cd')).toBe(true)
    expect(await store.delete('ab/cd')).toBe(false)
    expect(await store.list('ab')).toEqual([])
    for (const key of ['../x.jpg', 'a/../../x.jpg', '/etc/passwd', 'a b.jpg', '']) {
      await expect(store.get(key)).rejects.toThrow(/Not an object key/)
    }
  })
})
