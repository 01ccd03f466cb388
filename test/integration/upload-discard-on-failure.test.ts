import { appendFileSync, copyFileSync, createReadStream } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { ImportJob } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import { tempBytes, testLibrary, tmpFiles } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

describe('an upload import that fails as a whole', () => {
  it('deletes the uploads it did not use as it ends, not at the next start', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const dir = tempDir()
    const uploads = await Promise.all(
      Array.from({ length: 8 }, async (_, index) => {
        const file = path.join(dir, `copy-${index}.mp4`)
        copyFileSync(fixtures.mp4, file)
        appendFileSync(file, `distinct tail ${index}`)
        const { uploadId, name } = await lib.uploads.receive(createReadStream(file), path.basename(file))
        return { uploadId, name }
      }),
    )
    expect(tmpFiles(lib)).toHaveLength(8)
    // The file limiter refuses every file (a bug, say): the job fails before any file starts.
    lib.ingest.limitFiles = Object.assign(() => Promise.reject(new Error('database or disk is full')), {
      promote: () => false,
    })
    const started = await dispatch(lib, 'media:import-uploads', { uploads })
    if (!started.ok) throw new Error(started.error.message)
    await lib.importer.idle()

    const job = await lib.importer.get((started.data as { job: ImportJob }).job.id)
    expect(job).toMatchObject({ state: 'failed', error: 'database or disk is full' })
    expect(tmpFiles(lib)).toEqual([])
    expect(await tempBytes(lib)).toBe(0)
  })
})
