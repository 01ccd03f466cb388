import { readdirSync, renameSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { deadPid } from '../helpers/processes'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

/** Every file under a final name in media/. */
function mediaFiles(dir: string): string[] {
  return readdirSync(path.join(dir, 'media'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
}

/**
 * A library left as by an import killed between placing a file and writing its row: the row's
 * write fails, so the file stays under its final name with its note, and the note is handed to a
 * process that is gone.
 */
async function placedWithoutRow(then?: (lib: LocalLibrary) => Promise<unknown>): Promise<string> {
  const dir = tempDir()
  const lib = testLibrary(dir, { ingest: { thumbnailsAfterImport: false } })
  // The row is written through the media repo of a catalogue transaction (new repos each time): each one's write fails.
  const killed = () => Promise.reject(new Error('killed before the row was written'))
  const { catalog } = lib
  const transaction = catalog.transaction.bind(catalog)
  const insert = catalog.repos.media.insertUnlessTaken
  catalog.transaction = (work, options) =>
    transaction((repos) => {
      repos.media.insertUnlessTaken = killed
      return work(repos)
    }, options)
  catalog.repos.media.insertUnlessTaken = killed
  const { job } = await importAndWait(lib, [fixtures.mp4])
  expect(job).toMatchObject({ state: 'failed', error: 'killed before the row was written' })
  catalog.transaction = transaction
  catalog.repos.media.insertUnlessTaken = insert
  await then?.(lib)
  await lib.close()
  const tmp = path.join(dir, 'tmp')
  const notes = readdirSync(tmp).filter((name) => name.endsWith('.placing'))
  expect(notes).toHaveLength(1)
  const dead = await deadPid()
  renameSync(path.join(tmp, notes[0]!), path.join(tmp, notes[0]!.replace(/^\d+-/, `${dead}-`)))
  expect(mediaFiles(dir)).toHaveLength(1)
  return dir
}

/**
 * The library in `dir` once its next open has finished what the killed import left (that runs in the background;
 * closing waits for it), opened again to be looked at.
 */
async function openedAgain(dir: string): Promise<LocalLibrary> {
  await openLibrary(dir).close()
  return testLibrary(dir)
}

describe('a file placed by an import killed before its row was written', () => {
  it('gets its row from the import note at the next open, and the note goes', async () => {
    const dir = await placedWithoutRow()
    const lib = await openedAgain(dir)
    const [file] = mediaFiles(dir)
    expect(await lib.catalog.repos.media.byPath(file!)).toMatchObject({ name: path.basename(fixtures.mp4) })
    expect(readdirSync(path.join(dir, 'tmp')).filter((name) => name.endsWith('.placing'))).toEqual([])
  })

  it('is removed instead when the library has stored the same content since', async () => {
    // The same content, linked where it is: the placed copy would be a second asset of it.
    const dir = await placedWithoutRow((lib) => importAndWait(lib, [fixtures.mp4], true))
    const lib = await openedAgain(dir)
    expect(mediaFiles(dir)).toEqual([])
    expect(lib.sqlite.db.prepare('SELECT storage FROM videos').pluck().all()).toEqual(['link'])
  })
})
