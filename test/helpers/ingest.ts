import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Database } from 'better-sqlite3'
import { expect } from 'vitest'
import type { ImportItem, ImportJob } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { openThumbnail, type ThumbnailKind } from '../../main/services/assets/thumbnail-files'
import type { OpenedObject } from '../../main/storage/object-store'

/** Runs `media:import` through the dispatcher and waits for the job and its thumbnails. */
export async function importAndWait(
  lib: Library,
  paths: string[],
  link = false,
): Promise<{ job: ImportJob; items: ImportItem[] }> {
  const started = await dispatch(lib, 'media:import', { paths, link })
  if (!started.ok) throw new Error(started.error.message)
  await lib.importer.idle()
  await lib.importer.thumbnailsIdle()
  const { job } = started.data as { job: ImportJob }
  const done = await dispatch(lib, 'import:get', { jobId: job.id })
  if (!done.ok) throw new Error(done.error.message)
  return done.data as { job: ImportJob; items: ImportItem[] }
}

/** `sha256:<hex>` of a file, computed independently of the code under test. */
export function sha256Of(file: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`
}

/** The outcome of the file at `path` among a job's items. */
export function itemFor(items: ImportItem[], path: string): ImportItem {
  const item = items.find((candidate) => candidate.path === path)
  if (!item) throw new Error(`No outcome for ${path}; got ${items.map((i) => i.path).join(', ')}`)
  return item
}

/** Checks a library database is whole and every asset row's file has the row's SHA-256; returns the rows. */
export function expectRowsMatchTheirFiles(db: Database): Array<{ file_path: string; file_hash: string }> {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  const rows = db.prepare<[], { file_path: string; file_hash: string }>('SELECT file_path, file_hash FROM videos').all()
  for (const row of rows) expect(sha256Of(row.file_path)).toBe(row.file_hash)
  return rows
}

/**
 * Opens a thumbnail that is not there yet as a page gets it: the first request is answered at once
 * as pending, and once the thumbnails are made a second request serves the file.
 */
export async function openRemadeThumbnail(lib: Library, id: string, kind: ThumbnailKind): Promise<OpenedObject> {
  await expect(openThumbnail(lib, id, kind)).rejects.toMatchObject({ code: 'not_found', details: { pending: true } })
  await lib.importer.thumbnailsIdle()
  return openThumbnail(lib, id, kind)
}
