import type { Readable } from 'node:stream'

/** Size and modification time of a stored object. */
export interface ObjectFacts {
  size: number
  mtimeMs: number
}

/** A span of bytes, both ends included (as HTTP Range has them). */
export interface ByteRange {
  start: number
  end: number
}

/** An object opened for reading: its facts as they were when it was opened, and its bytes by range. */
export interface OpenedObject extends ObjectFacts {
  contentType: string
  /** Where it is on this machine (symlinks followed), for the OS file manager; absent for remote objects. */
  path?: string
  /** Its bytes, or the span asked for; the stream closes the object when it ends, fails or is destroyed. */
  read(range?: ByteRange): Readable
  /** Lets go of the object without reading it. */
  close(): Promise<void>
}

/** What `putFile` found under the key: nothing (the object is now there) or an object already. */
export type PutResult = 'created' | 'existed'

/** A local folder tools write into before their files move into the store; removed by `release`. */
export interface Scratch {
  dir: string
  release(): Promise<void>
}

/**
 * All bytes the library owns (media copies, thumbnails, timelines' frames, processed outputs), by key:
 * a relative, `/`-separated name (see checkKey) that is the same on every machine. The folder driver
 * (folder-object-store.ts) keeps them under the library folder; another driver may keep them elsewhere.
 *
 * Every write is atomic per object: a crash or a failing source never leaves part of an object under
 * its key. Keys name their content (a content hash or an asset id), so writing a key twice leaves one
 * object: `put` and `write` replace (what they write is made again from the same source), `putFile`
 * never replaces and reports the object that was there.
 */
export interface ObjectStore {
  /** Where the bytes live when not in the library folder (a bucket, as a URL without secrets); absent for the folder. */
  readonly location?: string
  /** Stores bytes (or a stream of them) under `key`, replacing what was there. */
  put(key: string, bytes: Uint8Array | AsyncIterable<Uint8Array>): Promise<void>
  /** Stores what `fill` writes into the local temp file it is given (a tool's output) under `key`, replacing what was there. */
  write(key: string, fill: (tempFile: string) => Promise<void>): Promise<void>
  /**
   * Puts a complete local file in under `key` unless an object is there already ('existed'); the
   * file is moved in, or copied when `keep` is set (it then stays for the caller to remove).
   */
  putFile(key: string, file: string, options?: { keep?: boolean }): Promise<PutResult>
  /**
   * Puts the object under `from` under `to` as well, unless an object is there already ('existed'); `from`
   * missing → AppError 'not_found'. The trash moves objects with it (copy, then delete).
   */
  copy(from: string, to: string): Promise<PutResult>
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Buffer | null>
  /** Opens the object under `key` for reading: missing (or a folder) → AppError 'not_found'. */
  open(key: string, contentType: string): Promise<OpenedObject>
  /** Size and modification time of the object under `key`, or null when there is none. */
  stat(key: string): Promise<ObjectFacts | null>
  /** A local file holding the bytes under `key`, for tools that read files (ffmpeg, ffprobe, Tesseract). */
  localFile(key: string): Promise<string>
  /** The keys below `prefix` (a folder key), sorted. */
  list(prefix: string): Promise<string[]>
  /** Removes `key` (an object) or everything below it (a folder key); true when something was there. */
  delete(key: string): Promise<boolean>
  /** A fresh local folder for tools to write files into that then `putFile` moves in cheaply. */
  scratch(): Promise<Scratch>
  /** Removes the scratch folders of processes that are gone (done at open, and before each new scratch folder). */
  sweepScratch(): Promise<void>
}

const KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/

/** Whether `key` is a store key (see checkKey). */
export function isKey(key: string): boolean {
  return KEY.test(key) && !key.split('/').some((part) => part === '.' || part === '..')
}

/** Returns `key` when it is a store key (relative, `/`-separated, no `.` or `..` parts); throws RangeError otherwise. */
export function checkKey(key: string): string {
  if (!isKey(key)) {
    throw new RangeError(`Not an object key: ${JSON.stringify(key)}`)
  }
  return key
}

/** The objects of `store` below `prefix`, with keys relative to it (frames under `derived/timelines`). */
export function storeWithin(store: ObjectStore, prefix: string): ObjectStore {
  checkKey(prefix)
  // Each method is async, so a bad key rejects as it does from the store itself.
  const full = (key: string) => `${prefix}/${checkKey(key)}`
  return {
    put: async (key, bytes) => store.put(full(key), bytes),
    write: async (key, fill) => store.write(full(key), fill),
    putFile: async (key, file, options) => store.putFile(full(key), file, options),
    copy: async (from, to) => store.copy(full(from), full(to)),
    get: async (key) => store.get(full(key)),
    open: async (key, contentType) => store.open(full(key), contentType),
    stat: async (key) => store.stat(full(key)),
    localFile: async (key) => store.localFile(full(key)),
    list: async (below) => (await store.list(full(below))).map((key) => key.slice(prefix.length + 1)),
    delete: async (key) => store.delete(full(key)),
    scratch: () => store.scratch(),
    sweepScratch: () => store.sweepScratch(),
  }
}

/** Bytes taken by the objects under `keys` (missing ones count 0). */
export async function objectsSize(store: ObjectStore, keys: readonly string[]): Promise<number> {
  const facts = await Promise.all(keys.map((key) => store.stat(key)))
  return facts.reduce((sum, fact) => sum + (fact?.size ?? 0), 0)
}
