import { MEDIA_STATUS, type MediaType } from '../../shared/contract'
import type { MediaRepo } from '../db/repos/media'
import type { EventBus } from '../library/event-bus'
import { thumbnailKeys } from '../library/library-paths'
import { assetBytesFile } from '../storage/asset-bytes'
import { isGone } from '../storage/linked-files'
import { objectsSize } from '../storage/object-store'
import type { IngestContext } from './ingest-context'

/** The asset facts a thumbnail needs. */
interface ThumbnailSubject {
  id: string
  filePath: string
  mediaType: MediaType
  durationSeconds: number | null
}

/**
 * Makes posters and sprite sheets: for the thumbnails job that follows an import (services/assets/thumbnails-job.ts),
 * and on demand when one has gone missing. A failure marks the asset as Error with ffmpeg's message, kept next
 * to what the error column already says (a damaged file's "Damaged: …").
 *
 * While an import runs, the thumbnails job waits (`unheld`): ffmpeg would take the CPUs that
 * ffprobe needs, and the import is what the user is waiting for. A thumbnail somebody asks
 * for (`hurry`) goes to the front of the queue instead, even during an import; a failed one is
 * not tried again in this process, so a page asking again cannot start ffmpeg in a loop.
 */
export function createThumbnailer({ media, events, ctx }: { media: MediaRepo; events: EventBus; ctx: IngestContext }) {
  const inFlight = new Map<string, Promise<void>>()
  const failed = new Set<string>()
  let holds = 0
  let unholding: { promise: Promise<void>; resolve: () => void } | null = null
  const pending = new Set<Promise<void>>()
  // Background work has no caller to report to: a bug here is logged, never an unhandled rejection.
  const track = (work: Promise<void>) => {
    const settled = work.catch((error: unknown) => console.error('Thumbnails failed unexpectedly:', error))
    pending.add(settled)
    void settled.finally(() => pending.delete(settled))
  }

  // ffmpeg reads a local file: a copy's comes from the store (storage/asset-bytes.ts). A file that is gone is
  // left for ffmpeg to report, in the words a missing file always had.
  const sourceOf = async (subject: ThumbnailSubject): Promise<string> => {
    const stored = await media.fileOf(subject.id)
    if (!stored) return subject.filePath
    return assetBytesFile({ dir: ctx.libraryDir, store: ctx.store }, stored).catch((error: unknown) => {
      if (isGone(error)) return subject.filePath
      throw error
    })
  }

  const make = (subject: ThumbnailSubject, urgent = false): Promise<void> => {
    const running = inFlight.get(subject.id)
    if (running) {
      if (urgent) ctx.thumbnails.promote(subject.id)
      return running
    }
    const { poster, sprite } = thumbnailKeys(subject.id)
    const work = sourceOf(subject)
      .then((source) =>
        ctx.thumbnails.enqueue(
          {
            assetId: subject.id,
            source,
            mediaType: subject.mediaType,
            durationSeconds: subject.durationSeconds,
            // The store never writes through a symlink that leads out of the library.
            poster: (fill) => ctx.store.write(poster, fill),
            sprite: (fill) => ctx.store.write(sprite, fill),
          },
          urgent,
        ),
      )
      .catch((error: unknown) => ({ poster: false, sprite: null, error: (error as Error).message }))
      // Measured after the files are in place (or not): a failure records what is left, often 0.
      .then(async (result) => ({ result, bytes: await objectsSize(ctx.store, [poster, sprite]) }))
      .then(async ({ result, bytes }) => {
        await media.setThumbsBytes(subject.id, bytes)
        const error = result.error ?? null
        if (error) failed.add(subject.id)
        else failed.delete(subject.id)
        if (error) {
          const known = (await media.get(subject.id))?.error ?? null
          await media.setStatus(subject.id, MEDIA_STATUS.error, withThumbnailError(known, error))
        }
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

  const ensure = async (assetId: string, urgent = false): Promise<void> => {
    const asset = await media.get(assetId)
    if (!asset) return
    const { poster, sprite } = thumbnailKeys(assetId)
    const wanted = asset.mediaType === 'video' ? [poster, sprite] : [poster]
    const present = await Promise.all(wanted.map(async (key) => (await ctx.store.stat(key)) !== null))
    if (present.every(Boolean)) return
    await make(asset, urgent)
  }

  return {
    /** Regenerates the asset's thumbnails when a file is missing; resolves once they exist or failed. */
    ensure,
    /**
     * Somebody is looking for this asset's thumbnails: they are made next (or moved to the front of the
     * queue). Resolves once they exist or failed; callers answering a request do not wait for it.
     */
    hurry(assetId: string): Promise<void> {
      const work = ensure(assetId, true)
      track(work)
      return work
    },
    /** Whether making this asset's thumbnails failed in this process (they are not tried again on demand). */
    failed: (assetId: string): boolean => failed.has(assetId),
    /** Holds the thumbnails job back (`unheld`) until every hold is released: an import runs. */
    hold(): void {
      holds++
    },
    /** Releases a hold; the last one lets what waits on `unheld` go. */
    release(): void {
      holds--
      if (holds > 0 || !unholding) return
      unholding.resolve()
      unholding = null
    },
    /** Resolves when no import of this process holds the thumbnails back. */
    unheld(): Promise<void> {
      if (holds === 0) return Promise.resolve()
      if (!unholding) {
        let resolve = () => {}
        const promise = new Promise<void>((done) => (resolve = done))
        unholding = { promise, resolve }
      }
      return unholding.promise
    },
    /** Resolves when every thumbnail asked for so far (and not deferred) is done. */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.all(pending)
    },
  }
}

const THUMBNAIL_ERROR = 'Thumbnails failed: '

/**
 * The asset's error text with `error` as its thumbnail line: other lines (such as "Damaged: …")
 * stay, and an earlier thumbnail failure is replaced rather than piled up by each retry.
 */
export function withThumbnailError(known: string | null, error: string): string {
  const others = (known ?? '').split('\n').filter((line) => line !== '' && !line.startsWith(THUMBNAIL_ERROR))
  return [...others, `${THUMBNAIL_ERROR}${error.replace(/\s*\n\s*/g, ' ')}`].join('\n')
}
