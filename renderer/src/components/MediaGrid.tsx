import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../store/use-app-store'
import { MediaCard } from './MediaCard'

/** The library's assets as cards, newest import first, a page at a time. */
export function MediaGrid() {
  const { media, cursor, status, error, loadMoreMedia } = useAppStore(
    useShallow((s) => ({
      media: s.media,
      cursor: s.mediaCursor,
      status: s.mediaStatus,
      error: s.mediaError,
      loadMoreMedia: s.loadMoreMedia,
    })),
  )

  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      {media.length === 0 && (status === 'idle' || status === 'loading') && <p className="empty">Loading…</p>}
      {media.length === 0 && status === 'ready' && (
        <div className="empty-library" data-testid="empty-library">
          <p>No media in this library yet.</p>
          <p className="empty">Drop videos or images anywhere here, or use “Import files…”.</p>
        </div>
      )}
      {media.length > 0 && (
        <ul className="media-grid" aria-label="Media">
          {media.map((asset) => (
            <MediaCard key={asset.id} asset={asset} />
          ))}
        </ul>
      )}
      {cursor !== null && (
        <button
          type="button"
          className="load-more"
          onClick={() => void loadMoreMedia()}
          disabled={status === 'loading'}
        >
          Load more
        </button>
      )}
    </>
  )
}
