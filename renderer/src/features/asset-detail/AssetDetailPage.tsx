import './asset-detail.css'
import { AssetPlayer } from './AssetPlayer'
import { useAsset } from './use-asset'
import { useDetailKeys } from './use-detail-keys'

/** Props of the asset detail, as the shell's `#/asset/<id>` route renders it. */
export interface AssetDetailProps {
  id: string
  onClose(): void
  onPrev?: () => void
  onNext?: () => void
}

/** One asset in full: the player, every stored fact, its provenance, and organising it. */
export function AssetDetailPage({ id, onClose, onPrev, onNext }: AssetDetailProps) {
  const { state } = useAsset(id)
  useDetailKeys({ onClose, onPrev, onNext })

  return (
    <article className="asset-detail" aria-label="Asset detail">
      <header className="detail-head">
        <button type="button" onClick={onClose} aria-label="Back to the library" title="Back (Esc)">
          ← Back
        </button>
        <h1 className="detail-title">{state.status === 'ready' ? state.asset.name : 'Asset'}</h1>
        <div className="detail-nav">
          <button type="button" onClick={onPrev} disabled={!onPrev} aria-label="Previous asset" title="Previous (←)">
            ‹
          </button>
          <button type="button" onClick={onNext} disabled={!onNext} aria-label="Next asset" title="Next (→)">
            ›
          </button>
        </div>
      </header>
      {state.status === 'loading' && <p className="empty">Loading…</p>}
      {state.status === 'error' && (
        <p className="error" role="alert">
          {state.code === 'not_found' ? 'This asset is not in the library (it may have been deleted).' : state.message}
        </p>
      )}
      {state.status === 'ready' && <AssetPlayer asset={state.asset} />}
    </article>
  )
}
