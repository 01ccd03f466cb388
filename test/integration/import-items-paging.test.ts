import { copyFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { ImportItem, ImportItemsCursor, ImportJob } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const COPIES = 240
const FAILURES = 6

type Page = { job: ImportJob; items: ImportItem[]; nextCursor: ImportItemsCursor | null }

async function get(lib: Library, input: Record<string, unknown>): Promise<Page> {
  const answer = await dispatch(lib, 'import:get', input)
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.data as Page
}

/**
 * A job of 1 + COPIES + FAILURES files, in this file order: the original, its byte copies
 * (duplicates, which cost a hash each, not a probe) and, last, files that fail.
 */
async function bigJobFailingLast(lib: Library): Promise<ImportJob> {
  const dir = tempDir()
  copyFileSync(fixtures.jpg, path.join(dir, 'a-original.jpg'))
  for (let i = 0; i < COPIES; i++)
    copyFileSync(fixtures.jpg, path.join(dir, `b-copy-${String(i).padStart(3, '0')}.jpg`))
  for (let i = 0; i < FAILURES; i++) writeFileSync(path.join(dir, `z-broken-${i}.mp4`), `not a video ${i}`)
  const started = await dispatch(lib, 'media:import', { paths: [dir] })
  if (!started.ok) throw new Error(started.error.message)
  await lib.importer.idle()
  return (started.data as { job: ImportJob }).job
}

/** Every page of `input`'s listing, `limit` outcomes at a time. */
async function allPages(lib: Library, input: Record<string, unknown>): Promise<ImportItem[][]> {
  const pages: ImportItem[][] = []
  let after: ImportItemsCursor | null = null
  do {
    const page: Page = await get(lib, { ...input, after })
    pages.push(page.items)
    after = page.nextCursor
  } while (after)
  return pages
}

describe('import:get on a job of more than 200 files', () => {
  it('lists the failures first though they come last in file order, then duplicates, then imported files', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const job = await bigJobFailingLast(lib)
    const { job: stored, items, nextCursor } = await get(lib, { jobId: job.id })
    expect(stored.counts).toEqual({ imported: 1, duplicate: COPIES, failed: FAILURES })
    expect(items).toHaveLength(1 + COPIES + FAILURES)
    expect(nextCursor).toBeNull()
    expect(items.slice(0, FAILURES).map((item) => [item.name, item.outcome])).toEqual(
      Array.from({ length: FAILURES }, (_, i) => [`z-broken-${i}.mp4`, 'failed']),
    )
    expect(items.slice(FAILURES, FAILURES + COPIES).every((item) => item.outcome === 'duplicate')).toBe(true)
    expect(items.at(-1)).toMatchObject({ name: 'a-original.jpg', outcome: 'imported', seq: 0 })
    // Within an outcome, file order.
    const duplicateSeqs = items.filter((item) => item.outcome === 'duplicate').map((item) => item.seq)
    expect(duplicateSeqs).toEqual([...duplicateSeqs].sort((a, b) => a - b))
  })

  it('pages through the same list with cursors, each outcome once', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const job = await bigJobFailingLast(lib)
    const whole = (await get(lib, { jobId: job.id })).items
    const pages = await allPages(lib, { jobId: job.id, limit: 100 })
    expect(pages.map((page) => page.length)).toEqual([100, 100, 1 + COPIES + FAILURES - 200])
    expect(pages.flat()).toEqual(whole)
    // A page boundary inside the failures: the cursor carries the outcome, so nothing is skipped or repeated.
    const small = await allPages(lib, { jobId: job.id, limit: 4 })
    expect(small.flat()).toEqual(whole)
  })

  it('filters by outcome, bounded by limit', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const job = await bigJobFailingLast(lib)
    const failed = await get(lib, { jobId: job.id, outcome: 'failed' })
    expect(failed.items.map((item) => item.name)).toEqual(
      Array.from({ length: FAILURES }, (_, i) => `z-broken-${i}.mp4`),
    )
    expect(failed.items.every((item) => item.reason)).toBe(true)
    const duplicates = await allPages(lib, { jobId: job.id, outcome: 'duplicate', limit: 50 })
    expect(duplicates.flat()).toHaveLength(COPIES)
    expect(
      duplicates.flat().every((item) => item.outcome === 'duplicate' && item.asset?.name === 'a-original.jpg'),
    ).toBe(true)
    const imported = await get(lib, { jobId: job.id, outcome: 'imported' })
    expect(imported.items.map((item) => item.name)).toEqual(['a-original.jpg'])
  })

  it('refuses a page size past the bound', async () => {
    const lib = testLibrary()
    const answer = await dispatch(lib, 'import:get', { jobId: crypto.randomUUID(), limit: 1001 })
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation' } })
  })
})
