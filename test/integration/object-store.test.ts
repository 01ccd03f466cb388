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
    async function* failing() {
      yield Buffer.from('half of ')
      throw new Error('the source broke')
    }
    await expect(store.put('media/images/ab/abc.png', failing())).rejects.toThrow('the source broke')
    expect(await store.stat('media/images/ab/abc.png')).toBeNull()
    expect(readdirSync(path.join(root, 'media/images/ab'))).toEqual([])

    await store.put('media/images/ab/abc.png', Buffer.from('whole'))
    await expect(store.put('media/images/ab/abc.png', failing())).rejects.toThrow('the source broke')
    await expect(
      store.write('media/images/ab/abc.png', async (temp) => {
        writeFileSync(temp, 'partial')
        throw new Error('ffmpeg failed')
      }),
    ).rejects.toThrow('ffmpeg failed')
    expect(readdirSync(path.join(root, 'media/images/ab'))).toEqual(['abc.png'])
    expect((await store.get('media/images/ab/abc.png'))?.toString()).toBe('whole')
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
    await store.put('media/videos/ab/abc.mp4', Buffer.from('video bytes'))
    expect(await store.copy('media/videos/ab/abc.mp4', 'trash/batch/media/videos/ab/abc.mp4')).toBe('created')
    expect(await store.copy('media/videos/ab/abc.mp4', 'trash/batch/media/videos/ab/abc.mp4')).toBe('existed')
    const inode = (key: string) => statSync(path.join(root, key)).ino
    expect(inode('trash/batch/media/videos/ab/abc.mp4')).toBe(inode('media/videos/ab/abc.mp4'))
    await store.put('media/videos/ab/other.mp4', Buffer.from('other bytes'))
    expect(await store.copy('media/videos/ab/other.mp4', 'trash/batch/media/videos/ab/abc.mp4')).toBe('existed')
    expect(await store.delete('media/videos/ab/abc.mp4')).toBe(true)
    expect((await store.get('trash/batch/media/videos/ab/abc.mp4'))?.toString()).toBe('video bytes')
    await expect(store.copy('media/videos/ab/abc.mp4', 'media/x.mp4')).rejects.toMatchObject({ code: 'not_found' })
    expect(await store.list('media')).toEqual(['media/videos/ab/other.mp4'])
  })

  it('refuses keys that are not relative, /-separated names, from every method', async () => {
    const { store } = folderStore()
    const file = path.join(tempDir(), 'x')
    writeFileSync(file, 'x')
    for (const key of ['../x.jpg', 'a/../../x.jpg', 'a/./x.jpg', '/etc/passwd', 'a\\b.jpg', 'a b.jpg', 'a//b', '']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/Not an object key/)
      await expect(store.write(key, async () => undefined)).rejects.toThrow(/Not an object key/)
      await expect(store.putFile(key, file)).rejects.toThrow(/Not an object key/)
      await expect(store.get(key)).rejects.toThrow(/Not an object key/)
      await expect(store.open(key, 'image/jpeg')).rejects.toThrow(/Not an object key/)
      await expect(store.stat(key)).rejects.toThrow(/Not an object key/)
      await expect(store.localFile(key)).rejects.toThrow(/Not an object key/)
      await expect(store.list(key)).rejects.toThrow(/Not an object key/)
      await expect(store.delete(key)).rejects.toThrow(/Not an object key/)
      await expect(store.copy(key, 'a/b.jpg')).rejects.toThrow(/Not an object key/)
      await expect(store.copy('a/b.jpg', key)).rejects.toThrow(/Not an object key/)
    }
    expect(readFileSync(file, 'utf8')).toBe('x')
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
