import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { folderObjectStore } from '../../main/storage/folder-object-store'
import { storeWithin, type ObjectStore } from '../../main/storage/object-store'
import { tempDir } from '../helpers/temp-dir'
import {
  expectBadKeysRefused,
  expectCopiedOnce,
  expectFailedWritesLeaveNothing,
} from '../helpers/object-store-contract'

function folderStore(): { root: string; store: ObjectStore } {
  const root = realpathSync(tempDir())
  return { root, store: folderObjectStore(root, root) }
}

// Issue 33: every byte the library owns goes through one object store; the folder driver is today's layout.
describe('the folder object store', () => {
  it('keeps one object per key: a second put replaces it in place, a second putFile finds it there', async () => {
    const { root, store } = folderStore()
    await store.put('derived/thumbs/ab/abc.jpg', Buffer.from('first'))
    await store.put('derived/thumbs/ab/abc.jpg', Buffer.from('again'))
    expect(readdirSync(path.join(root, 'derived/thumbs/ab'))).toEqual(['abc.jpg'])
    expect(readFileSync(path.join(root, 'derived/thumbs/ab/abc.jpg'), 'utf8')).toBe('again')

    const copy = path.join(tempDir(), 'copy.mp4')
    writeFileSync(copy, 'video bytes')
    expect(await store.putFile('media/videos/ab/abc.mp4', copy, { keep: true })).toBe('created')
    expect(existsSync(copy)).toBe(true)
    const twin = path.join(tempDir(), 'twin.mp4')
    writeFileSync(twin, 'other bytes')
    expect(await store.putFile('media/videos/ab/abc.mp4', twin)).toBe('existed')
    expect(readdirSync(path.join(root, 'media/videos/ab'))).toEqual(['abc.mp4'])
    expect((await store.get('media/videos/ab/abc.mp4'))?.toString()).toBe('video bytes')
    expect(await store.list('media')).toEqual(['media/videos/ab/abc.mp4'])
  })

  it('moves a file in without a copy, and lists, stats and deletes by key', async () => {
    const { root, store } = folderStore()
    const scratch = await store.scratch()
    const frame = path.join(scratch.dir, '000001.jpg')
    writeFileSync(frame, 'frame')
    expect(await store.putFile('derived/timelines/ab/f/000001.jpg', frame)).toBe('created')
    expect(existsSync(frame)).toBe(false)
    await scratch.release()
    expect(existsSync(scratch.dir)).toBe(false)
    expect(await store.stat('derived/timelines/ab/f/000001.jpg')).toMatchObject({ size: 5 })
    expect(await store.stat('derived/timelines/ab/f/000002.jpg')).toBeNull()
    expect(await store.localFile('derived/timelines/ab/f/000001.jpg')).toBe(
      path.join(root, 'derived/timelines/ab/f/000001.jpg'),
    )
    expect(await store.delete('derived/timelines/ab')).toBe(true)
    expect(await store.delete('derived/timelines/ab')).toBe(false)
    expect(await store.list('derived')).toEqual([])
  })

  it('leaves nothing under a key whose write fails midway, and keeps the object that was there', async () => {
    const { root, store } = folderStore()
    // No temp file is left beside the object either.
    await expectFailedWritesLeaveNothing(store, (stage) =>
      expect(readdirSync(path.join(root, 'media/images/ab'))).toEqual(stage === 'new key' ? [] : ['abc.png']),
    )
  })

  it('reads a byte range of an object', async () => {
    const { store } = folderStore()
    await store.put('derived/thumbs/ab/abc.jpg', Buffer.from('0123456789'))
    const opened = await store.open('derived/thumbs/ab/abc.jpg', 'image/jpeg')
    expect(opened).toMatchObject({ size: 10, contentType: 'image/jpeg' })
    expect(await text(opened.read({ start: 2, end: 5 }))).toBe('2345')
    const whole = await store.open('derived/thumbs/ab/abc.jpg', 'image/jpeg')
    expect(await text(whole.read())).toBe('0123456789')
    await expect(store.open('derived/thumbs/ab/none.jpg', 'image/jpeg')).rejects.toMatchObject({ code: 'not_found' })
  })

  it('copies an object to a second key once, as one file: the first copy stays when the other key is deleted', async () => {
    const { root, store } = folderStore()
    const inode = (key: string) => statSync(path.join(root, key)).ino
    await expectCopiedOnce(store, () =>
      expect(inode('trash/batch/media/videos/ab/abc.mp4')).toBe(inode('media/videos/ab/abc.mp4')),
    )
  })

  it('refuses keys that are not relative, /-separated names, from every method', async () => {
    const { store } = folderStore()
    const file = path.join(tempDir(), 'x')
    writeFileSync(file, 'x')
    await expectBadKeysRefused(store, file)
  })

  it('never writes or serves through a folder that is a symlink leading out of the library', async () => {
    const { root, store } = folderStore()
    const outside = realpathSync(tempDir())
    writeFileSync(path.join(outside, 'abc.jpg'), 'outside')
    mkdirSync(path.join(root, 'derived/thumbs'), { recursive: true })
    symlinkSync(outside, path.join(root, 'derived/thumbs/ab'))
    await expect(store.put('derived/thumbs/ab/new.jpg', Buffer.from('x'))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(store.open('derived/thumbs/ab/abc.jpg', 'image/jpeg')).rejects.toMatchObject({ code: 'forbidden' })
    await expect(store.copy('derived/thumbs/ab/abc.jpg', 'trash/b/abc.jpg')).rejects.toMatchObject({
      code: 'forbidden',
    })
    await store.put('media/abc.jpg', Buffer.from('inside'))
    await expect(store.copy('media/abc.jpg', 'derived/thumbs/ab/new.jpg')).rejects.toMatchObject({ code: 'forbidden' })
    await expect(store.delete('derived/thumbs/ab/abc.jpg')).rejects.toMatchObject({ code: 'forbidden' })
    expect(readdirSync(outside)).toEqual(['abc.jpg'])
  })

  it('scopes keys below a prefix (timeline frames keep their keys relative to derived/timelines)', async () => {
    const { root, store } = folderStore()
    const frames = storeWithin(store, 'derived/timelines')
    await frames.put('ab/cd/default-2fps/000001.jpg', Buffer.from('one'))
    expect(existsSync(path.join(root, 'derived/timelines/ab/cd/default-2fps/000001.jpg'))).toBe(true)
    expect(await frames.list('ab')).toEqual(['ab/cd/default-2fps/000001.jpg'])
    await expect(frames.get('../thumbs/x.jpg')).rejects.toThrow(/Not an object key/)
  })
})
