import { access } from 'node:fs/promises'
import { MEDIA_STATUS, type MediaType } from '../../shared/contract'
import type { MediaRepo } from '../db/repos/media'
import type { EventBus } from '../library/event-bus'
import { thumbnailPaths } from '../library/library-paths'
import type { IngestContext } from './ingest-context'

/** The asset facts a thumbnail needs. */
interface ThumbnailSubject {
  id: string
  filePath: string
  mediaType: MediaType
  durationSeconds: number | null
}

/**
 * Makes posters and sprite sheets in the background after import, and again on demand when
 * one has gone missing. A failure marks the asset as Error with ffmpeg's message.
 */
export function createThumbnailer({ media, events, ctx }: { media: MediaRepo; events: EventBus; ctx: IngestContext }) {
  const inFlight = new Map<string, Promise<void>>()

  const make = (subject: ThumbnailSubject): Promise<void> => {
    const running = inFlight.get(subject.id)
    if (running) return running
    const { poster, sprite } = thumbnailPaths(ctx.libraryDir, subject.id)
    const work = ctx.thumbnails
      .enqueue({
        assetId: subject.id,
        source: subject.filePath,
        mediaType: subject.mediaType,
        durationSeconds: subject.durationSeconds,
        posterPath: poster,
        spritePath: sprite,
      })
      .then((result) => {
        const error = result.error ?? null
        if (error) media.setStatus(subject.id, MEDIA_STATUS.error, `Thumbnails failed: ${error}`)
        events.emit('media:thumbnails', {
          id: subject.id,
          poster: result.poster,
          sprite: result.sprite !== null,
          error,
        })
      })
      .finally(() => inFlight.delete(subject.id))
    inFlight.set(subject.id, work)
    return work
  }

  return {
    /** Queues thumbnails of a freshly imported asset. */
    make(subject: ThumbnailSubject): void {
      void make(subject)
    },
    /** Regenerates the asset's thumbnails when a file is missing; resolves once they exist or failed. */
    async ensure(assetId: string): Promise<void> {
      const asset = media.get(assetId)
      if (!asset) return
      const { poster, sprite } = thumbnailPaths(ctx.libraryDir, assetId)
      const wanted = asset.mediaType === 'video' ? [poster, sprite] : [poster]
      const present = await Promise.all(
        wanted.map((file) =>
          access(file).then(
            () => true,
            () => false,
          ),
        ),
      )
      if (present.every(Boolean)) return
      await make(asset)
    },
    /** Resolves when every thumbnail queued so far is done. */
    idle: () => ctx.thumbnails.idle(),
  }
}
