import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fsyncPath, writeAtomically } from '../library/atomic-write'

/**
 * Where a timeline's frames live, by key (`<timeline folder>/<sequence>.jpg`): the library's folder today,
 * another store (a shared object store) later. Keys are relative, `/`-separated, without `..`.
 */
export interface FrameStore {
  /** Stores bytes under `key`, replacing what was there; a crash never leaves part of them under it. */
  put(key: string, bytes: Uint8Array): Promise<void>
  /** Moves a complete, local file in under `key` (the file is gone afterwards). */
  putFile(key: string, file: string): Promise<void>
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Buffer | null>
  /** A local file holding the bytes under `key`, for tools that read files (ffmpeg, tesseract). */
  localFile(key: string): Promise<string>
  /** The keys below `prefix` (a folder key), sorted. */
  list(prefix: string): Promise<string[]>
  /** Removes `key` (a frame) or everything below it (a folder key); true when something was there. */
  delete(key: string): Promise<boolean>
}

const SAFE_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/

/** The frame store of a folder: `root/<key>`, written through a temp file and a rename. */
export function folderFrameStore(root: string): FrameStore {
  const fileOf = (key: string) => {
    if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) {
      throw new RangeError(`Not a frame key: ${JSON.stringify(key)}`)
    }
    return path.join(root, ...key.split('/'))
  }
  return {
    async put(key, bytes) {
      await writeAtomically(fileOf(key), (temp) => writeFile(temp, bytes))
    },
    async putFile(key, file) {
      const target = fileOf(key)
      await mkdir(path.dirname(target), { recursive: true })
      await fsyncPath(file)
      await rename(file, target)
    },
    async get(key) {
      return readFile(fileOf(key)).catch((error: NodeJS.ErrnoException) => missing(error, null))
    },
    async localFile(key) {
      const file = fileOf(key)
      await stat(file)
      return file
    },
    async list(prefix) {
      const names = await readdir(fileOf(prefix), { recursive: true, withFileTypes: true }).catch(
        (error: NodeJS.ErrnoException) => missing(error, []),
      )
      return names
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
        .sort()
    },
    async delete(key) {
      const file = fileOf(key)
      const there = await stat(file).then(
        () => true,
        () => false,
      )
      await rm(file, { recursive: true, force: true })
      return there
    },
  }
}

function missing<T>(error: NodeJS.ErrnoException, value: T): T {
  if (error.code === 'ENOENT') return value
  throw error
}
