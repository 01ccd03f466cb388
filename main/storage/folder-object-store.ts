import { randomUUID } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, link, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/errors'
import { fsyncPath, tempBeside, writeAtomically } from '../library/atomic-write'
import { pidIsAlive } from '../jobs/process-owner'
import { realPathBelow } from '../security/contained-path'
import { checkKey, type ObjectStore, type PutResult } from './object-store'
import { openRegularFile } from './opened-file'

/**
 * The object store of a library folder: the object under `a/b/c` is the file `<root>/a/b/c`, today's
 * layout, so libraries written before the store open unchanged. `realRoot` is `root` with symlinks
 * followed: a folder inside that is a symlink leading out of the library never receives or serves an object.
 */
export function folderObjectStore(root: string, realRoot: string): ObjectStore {
  const fileOf = (key: string) => path.join(root, ...checkKey(key).split('/'))
  // Where an object is written: its real path, in a folder that exists.
  const writable = async (key: string) => {
    const file = await realPathBelow(realRoot, fileOf(key))
    await mkdir(path.dirname(file), { recursive: true })
    return file
  }
  const scratchRoot = path.join(root, 'tmp', 'scratch')
  // Scratch folders are named `<pid>-<uuid>`: those of processes that are gone (a crash mid-write) are removed.
  const sweepScratch = async () => {
    const names = await readdir(scratchRoot).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return []
      throw error
    })
    for (const name of names) {
      const pid = Number(/^(\d+)-/.exec(name)?.[1])
      if (pid && !pidIsAlive(pid)) await rm(path.join(scratchRoot, name), { recursive: true, force: true })
    }
  }
  return {
    async put(key, bytes) {
      await writeAtomically(await writable(key), (temp) => writeFile(temp, bytes))
    },
    async write(key, fill) {
      await writeAtomically(await writable(key), fill)
    },
    async putFile(key, file, options) {
      const target = await writable(key)
      await fsyncPath(file)
      if ((await place(file, target)) === 'existed') return 'existed'
      if (!options?.keep) await rm(file, { force: true })
      return 'created'
    },
    async copy(from, to) {
      checkKey(to)
      const source = await realPathBelow(realRoot, fileOf(from))
      if (!(await stat(source).catch((error: NodeJS.ErrnoException) => missing(error, null)))?.isFile())
        throw new AppError('not_found', `No object under ${from}.`, { key: from })
      // A hard link: the two keys share the file until one is deleted.
      return place(source, await writable(to))
    },
    async get(key) {
      return readFile(fileOf(key)).catch((error: NodeJS.ErrnoException) => missing(error, null))
    },
    async open(key, contentType) {
      return openRegularFile(await realPathBelow(realRoot, fileOf(key)), contentType)
    },
    async stat(key) {
      const info = await stat(fileOf(key)).catch((error: NodeJS.ErrnoException) => missing(error, null))
      return info?.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null
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
      return (
        names
          // Dot files are writers' temps (see writeAtomically), never objects.
          .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
          .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
          .sort()
      )
    },
    async delete(key) {
      const file = fileOf(key)
      // The key itself may be a symlink (it goes, not what it leads to); a folder above it may not lead out.
      await realPathBelow(realRoot, path.dirname(file))
      const there = await stat(file).then(
        () => true,
        () => false,
      )
      await rm(file, { recursive: true, force: true })
      return there
    },
    async scratch() {
      await sweepScratch()
      const dir = path.join(scratchRoot, `${process.pid}-${randomUUID()}`)
      await mkdir(dir, { recursive: true })
      return { dir, release: () => rm(dir, { recursive: true, force: true }) }
    },
    sweepScratch,
  }
}

/** Gives `file` the name `target` and makes the name durable; 'existed' when a file is there already. */
async function place(file: string, target: string): Promise<PutResult> {
  try {
    await placeWithoutReplacing(file, target)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'existed'
    throw error
  }
  await fsyncPath(path.dirname(target))
  return 'created'
}

/**
 * Gives `file` the name `target` unless a file is there (EEXIST). Another process may place the
 * same key at the same moment: `rename` would silently replace its file, `link` fails instead. Where
 * the filesystem has no hard links (FAT, exFAT), an exclusive copy keeps the no-replace rule (a crash
 * mid-copy can then leave a partial file under the key: ingest's placement journal knows that case);
 * a file on another filesystem is first copied beside the target, then linked.
 */
async function placeWithoutReplacing(file: string, target: string): Promise<void> {
  try {
    await link(file, target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EXDEV') return placeCopy(file, target)
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error
    await copyFile(file, target, constants.COPYFILE_EXCL)
    await fsyncPath(target)
  }
}

async function placeCopy(file: string, target: string): Promise<void> {
  const temp = tempBeside(target)
  try {
    await copyFile(file, temp)
    await fsyncPath(temp)
    await placeWithoutReplacing(temp, target)
  } finally {
    await rm(temp, { force: true })
  }
}

function missing<T>(error: NodeJS.ErrnoException, value: T): T {
  if (error.code === 'ENOENT') return value
  throw error
}
