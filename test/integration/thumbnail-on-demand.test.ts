import { rmSync } from 'node:fs'
import { describe, expect, inject, it, vi } from 'vitest'
import { thumbnailPaths } from '../../main/library/library-paths'
import type { Library } from '../../main/services/library-context'
import { importPaths } from '../../main/services/assets/imports'
import { openThumbnail } from '../../main/services/assets/thumbnail-files'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')

/** Records the ids of `media:thumbnails` events in the order they come. */
function thumbnailEvents(lib: Library): string[] {
  const seen: string[] = []
  lib.events.subscribe((event) => {
    if (event.name === 'media:thumbnails') seen.push(event.payload.id)
  })
  return seen
}

describe('a thumbnail that is not there yet (issue 22, point 1)', () => {
  it('is answered at once as pending, made next, announced, then served', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const id = itemFor(items, fixtures.mp4).asset!.id
    const events = thumbnailEvents(lib)

    const answer = await openThumbnail(lib, id, 'poster').catch((error: unknown) => ({
      error,
      eventsThen: [...events],
    }))
    expect(answer).toMatchObject({ error: { code: 'not_found', details: { pending: true } }, eventsThen: [] })
    // Made by ffmpeg next: a busy machine takes longer than waitFor's default second.
    await vi.waitFor(() => expect(events).toEqual([id]), { timeout: 15_000 })
    const opened = await openThumbnail(lib, id, 'sprite')
    expect(opened.size).toBeGreaterThan(0)
    await opened.close()
  })

  it('is made before the backlog of a running import', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailConcurrency: 1 } })
    const { items } = await importAndWait(lib, [fixtures.jpg])
    await lib.importer.thumbnailsIdle()
    const early = itemFor(items, fixtures.jpg).asset!.id
    rmSync(thumbnailPaths(lib.dir, early).poster)
    const events = thumbnailEvents(lib)

    const backlog = [fixtures.mov, fixtures.mkv, fixtures.webm, fixtures.png, fixtures.prores, fixtures.twoAudio]
    // Asked for as the import starts, before it is told started.
    const started = importPaths(lib, backlog, false)
    await expect(openThumbnail(lib, early, 'poster')).rejects.toMatchObject({ details: { pending: true } })
    await started
    await lib.importer.idle()
    await lib.importer.thumbnailsIdle()
    // One backlog thumbnail may have started before the request came (concurrency 1); none after it.
    expect(events).toHaveLength(backlog.length + 1)
    expect(events.indexOf(early)).toBeLessThanOrEqual(1)
  })

  it('is not tried again in the process once making it failed, and says so', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const { items } = await importAndWait(lib, [fixtures.mov])
    const id = itemFor(items, fixtures.mov).asset!.id
    rmSync((await lib.catalog.repos.media.get(id))!.filePath)
    const events = thumbnailEvents(lib)

    await expect(openThumbnail(lib, id, 'poster')).rejects.toMatchObject({ details: { pending: true } })
    await lib.importer.thumbnailsIdle()
    expect(events).toEqual([id])
    await expect(openThumbnail(lib, id, 'poster')).rejects.toThrow(/making it failed/)
    await lib.importer.thumbnailsIdle()
    expect(events).toEqual([id])
  })

  it('refuses the sprite of an image without asking for it to be made: only videos have one', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const { items } = await importAndWait(lib, [fixtures.png])
    const id = itemFor(items, fixtures.png).asset!.id
    const events = thumbnailEvents(lib)

    const refused = await openThumbnail(lib, id, 'sprite').catch((error: unknown) => error)
    expect(refused).toMatchObject({ code: 'not_found', message: expect.stringMatching(/only videos have one/) })
    expect(refused).not.toHaveProperty('details.pending')
    await lib.importer.thumbnailsIdle()
    expect(events).toEqual([])
  })
})
