import { describe, expect, inject, it } from 'vitest'
import { openMediaFile } from '../../main/services/assets/media-files'
import { assetLocalFile } from '../../main/services/assets/content-hash'
import { librariesOfBothEngines } from '../helpers/both-engines'
import { importAndWait } from '../helpers/ingest'

// Issue 64 point 7: a "Missing file" flag set once (a job that did not find the file) goes when a job or an open
// finds the file again, instead of staying on the card until someone runs Verify.
const fixtures = inject('fixtures')
const { libraries } = librariesOfBothEngines()

describe.each(Object.entries(libraries))('the missing-file flag on %s', (_engine, open) => {
  it('is cleared by an open and by a job that find the file; kept while the file is still gone', async () => {
    const lib = await open()
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const clip = items[0]!.asset!
    const { health, media } = lib.catalog.repos
    const flaggedIds = async () => (await health.flagged('missing', 10)).map((row) => row.id)

    await health.flag(clip.id, 'missing', '2026-01-01T00:00:00.000Z')
    expect(await flaggedIds()).toEqual([clip.id])
    const opened = await openMediaFile(lib, clip.id)
    await opened.close()
    expect(await flaggedIds()).toEqual([])

    await health.flag(clip.id, 'missing', '2026-01-01T00:00:00.000Z')
    expect(await assetLocalFile(lib, clip)).toMatch(/\.mp4$/)
    expect(await flaggedIds()).toEqual([])

    // Its bytes gone for real: the job fails, and the flag (set again by the failed open) stays.
    const { objectKey } = (await media.fileOf(clip.id))!
    await lib.store.delete(objectKey!)
    await expect(openMediaFile(lib, clip.id)).rejects.toMatchObject({ code: 'not_found' })
    expect(await flaggedIds()).toEqual([clip.id])
    await expect(assetLocalFile(lib, clip)).rejects.toMatchObject({ code: 'not_found' })
    expect(await flaggedIds()).toEqual([clip.id])
  })
})
