import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { MediaRepo, NewAsset } from '../db/repos/media'
import type { ObjectStore } from '../storage/object-store'
import { ownerIsAlive } from '../jobs/process-owner'
import { removeQuietly } from '../library/atomic-write'

// `<pid>-<uuid>.placing` in the library's tmp/: the row of a file being placed under its final name.
const JOURNAL_NAME = /^(\d+)-[0-9a-f-]{36}\.placing$/

/**
 * Notes, before a new file is linked under its final name, the row it is to get: a process killed
 * between placing the file and writing its row leaves this note, and the next open finishes the
 * asset from it (`finishPlacements`). Resolves to the note, which `clearPlacement` removes.
 */
export async function notePlacement(stagingDir: string, asset: NewAsset): Promise<string> {
  const note = path.join(stagingDir, `${process.pid}-${randomUUID()}.placing`)
  await writeFile(note, JSON.stringify(asset))
  return note
}

/** Removes a placement's note once its row is written (or its file is gone again). */
export const clearPlacement = (note: string): Promise<void> => removeQuietly(note)

/**
 * Finishes what imports killed between placing a file and writing its row left behind (their
 * notes in `stagingDir`, of processes that are gone): a file under its final name that no row
 * names gets the row its note holds; when the library has since stored the same content, the
 * extra copy is removed instead. Notes whose file never got there, or whose row was written, just
 * go. Returns the assets finished.
 */
export async function finishPlacements(stagingDir: string, media: MediaRepo, store: ObjectStore): Promise<number> {
  let finished = 0
  for (const name of notesOfTheDead(stagingDir)) {
    const note = path.join(stagingDir, name)
    const asset = readNote(note)
    if (asset && !(await media.byPath(asset.filePath)) && (await placedSize(asset, store)) === asset.sizeBytes) {
      if (await media.sameContent(asset.sampledId, asset.fileHash)) await removePlaced(asset, store)
      else if (await media.insertUnlessTaken(asset)) finished++
    }
    rmSync(note, { force: true })
  }
  return finished
}

/** The bytes under a noted asset's key in the store (a note from before keys: at its path), or undefined. */
async function placedSize(asset: NewAsset, store: ObjectStore): Promise<number | undefined> {
  if (asset.objectKey === null) return statSync(asset.filePath, { throwIfNoEntry: false })?.size
  return (await store.stat(asset.objectKey))?.size
}

async function removePlaced(asset: NewAsset, store: ObjectStore): Promise<void> {
  if (asset.objectKey === null) rmSync(asset.filePath, { force: true })
  else await store.delete(asset.objectKey)
}

function notesOfTheDead(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names.filter((name) => {
    const pid = JOURNAL_NAME.exec(name)?.[1]
    return pid !== undefined && !ownerIsAlive({ pid: Number(pid), started: null })
  })
}

function readNote(note: string): NewAsset | undefined {
  try {
    const asset = JSON.parse(readFileSync(note, 'utf8')) as NewAsset
    // A note from before object keys names the file alone; such a row is read by its path.
    return { ...asset, objectKey: asset.objectKey ?? null }
  } catch {
    return undefined
  }
}
