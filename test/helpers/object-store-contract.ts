import { readFileSync, writeFileSync } from 'node:fs'
import { expect } from 'vitest'
import type { ObjectStore } from '../../main/storage/object-store'

/** Keys no store takes: not relative, not `/`-separated names, or with `.`/`..` parts. */
export const BAD_KEYS = ['../x.jpg', 'a/../../x.jpg', 'a/./x.jpg', '/etc/passwd', 'a\\b.jpg', 'a b.jpg', 'a//b', '']

/** Expects every method of `store` to refuse each bad key, and `file` (holding "x") to be left as it was. */
export async function expectBadKeysRefused(store: ObjectStore, file: string): Promise<void> {
  for (const key of BAD_KEYS) {
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
}

/**
 * Expects `copy` to put an object under a second key once ('created', then 'existed', also for another object), the
 * copy to stay when the first key is deleted, and a missing source to be 'not_found'. `whileBoth` checks what a
 * driver keeps of the two keys while both are there.
 */
export async function expectCopiedOnce(store: ObjectStore, whileBoth: () => void = () => {}): Promise<void> {
  await store.put('media/videos/ab/abc.mp4', Buffer.from('video bytes'))
  expect(await store.copy('media/videos/ab/abc.mp4', 'trash/batch/media/videos/ab/abc.mp4')).toBe('created')
  expect(await store.copy('media/videos/ab/abc.mp4', 'trash/batch/media/videos/ab/abc.mp4')).toBe('existed')
  whileBoth()
  await store.put('media/videos/ab/other.mp4', Buffer.from('other bytes'))
  expect(await store.copy('media/videos/ab/other.mp4', 'trash/batch/media/videos/ab/abc.mp4')).toBe('existed')
  expect(await store.delete('media/videos/ab/abc.mp4')).toBe(true)
  expect((await store.get('trash/batch/media/videos/ab/abc.mp4'))?.toString()).toBe('video bytes')
  await expect(store.copy('media/videos/ab/abc.mp4', 'media/x.mp4')).rejects.toMatchObject({ code: 'not_found' })
  expect(await store.list('media')).toEqual(['media/videos/ab/other.mp4'])
}

/**
 * Expects a put whose source fails midway, and a write whose tool fails, to leave nothing under a new key and the
 * object that was there under a used one; `afterEach` checks what the driver keeps after each part (no temp files).
 */
export async function expectFailedWritesLeaveNothing(
  store: ObjectStore,
  afterEach: (stage: 'new key' | 'used key') => Promise<void> | void = () => {},
): Promise<void> {
  async function* failing() {
    yield Buffer.from('half of ')
    throw new Error('the source broke')
  }
  await expect(store.put('media/images/ab/abc.png', failing())).rejects.toThrow('the source broke')
  expect(await store.stat('media/images/ab/abc.png')).toBeNull()
  await afterEach('new key')

  await store.put('media/images/ab/abc.png', Buffer.from('whole'))
  await expect(store.put('media/images/ab/abc.png', failing())).rejects.toThrow('the source broke')
  await expect(
    store.write('media/images/ab/abc.png', async (temp) => {
      writeFileSync(temp, 'partial')
      throw new Error('ffmpeg failed')
    }),
  ).rejects.toThrow('ffmpeg failed')
  expect(await store.list('media')).toEqual(['media/images/ab/abc.png'])
  expect((await store.get('media/images/ab/abc.png'))?.toString()).toBe('whole')
  await afterEach('used key')
}
