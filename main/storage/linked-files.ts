import { statSync, type Dirent, type Stats } from 'node:fs'
import { lstat, readdir, readFile, readlink, realpath, stat } from 'node:fs/promises'
import { realPathOf } from '../security/contained-path'
import type { OpenedObject } from './object-store'
import { openRegularFile } from './opened-file'

// Linked files are the user's own: files in folders they chose (linked imports, watch folders, ComfyUI's
// output folder, other libraries' databases), named by absolute local paths. They are not the library's
// objects and never go through the object store; services reach them through this module only (the lint
// keeps node:fs out of main/services). Tools that read a store object through its local file
// (ObjectStore.localFile) stat that file here too.

/** What a stat of a linked file or folder says (node's Stats). */
export type LinkedStats = Stats

/** Opens a linked file (symlinks followed) for reading as the store opens an object: missing → 'not_found'. */
export async function openLinkedFile(file: string, contentType: string): Promise<OpenedObject> {
  return openRegularFile(realPathOf(file), contentType)
}

/** The stat of a linked file or folder (symlinks followed); rejects as fs.stat does (ENOENT when missing). */
export function statLinked(file: string): Promise<LinkedStats> {
  return stat(file)
}

/** statLinked for callers that cannot wait (opening another library's database). */
export function statLinkedSync(file: string): LinkedStats {
  return statSync(file)
}

/** A local file's size and modification time in nanoseconds: what the hash cache keys a file's SHA-256 on. */
export async function fileStamp(file: string): Promise<{ size: number; mtimeNs: bigint }> {
  const info = await stat(file, { bigint: true })
  return { size: Number(info.size), mtimeNs: info.mtimeNs }
}

/** Where a linked file really is once symlinks are followed; rejects when it is missing. */
export function realPathOfLinked(file: string): Promise<string> {
  return realpath(file)
}

/** The entries of a linked folder, and of its subfolders when `recursive`. */
export function readLinkedFolder(folder: string, recursive = false): Promise<Dirent[]> {
  return readdir(folder, { recursive, withFileTypes: true })
}

/** A linked text file's content (ComfyUI's history files). */
export function readLinkedText(file: string): Promise<string> {
  return readFile(file, 'utf8')
}

/** Where a path that is a symbolic link leads (as written in the link); null when it is not a link or is gone. */
export async function linkTarget(file: string): Promise<string | null> {
  const info = await lstat(file).catch(() => null)
  return info?.isSymbolicLink() ? readlink(file).catch(() => '?') : null
}

/** True for the errors that mean "no file there". */
export function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR'
}
