import './asset-detail.css'
import './generation.css'
import { useRef } from 'react'
import { audioTrackCount } from '../../../../shared/audio-tracks'
import { AnalysesSection, AnalysisTimeline, useAnalyses } from '../analyses/index'
import { DeleteDialog } from '../organise/index'
import { PipelinesSection } from '../pipelines/index'
import { CommentFocusScope, CommentMarkers, CommentsPanel, RegionOverlay } from '../review/index'
import { StackSection } from '../stacks/index'
import { SubtitlesSection } from '../subtitles/index'
import { AssetActions } from './AssetActions'
import { AssetPlayer } from './AssetPlayer'
import { GenerationSection, leadsWithGeneration } from './GenerationSection'
import { LaterSections } from './LaterSections'
import { MetadataPanel } from './MetadataPanel'
import { damageOf } from './metadata-groups'
import { OrganisePanel } from './OrganisePanel'
import { ProvenancePanel } from './ProvenancePanel'
import {
  useAsset,
  useGeneration,
  useThumbnailVersion,
  useProvenance,
  type DetailAsset,
  type DetailProvenance,
  type Loaded,
} from './use-asset'
import { useDetailKeys } from './use-detail-keys'
import { useAppStore } from '../../app/use-app-store'
import { ErrorLine } from '../../ui/ErrorLine'

/** Props of the asset detail, as the shell's `#/asset/<id>` route renders it. */
export interface AssetDetailProps {
  id: string
  onClose(): void
  onPrev?: () => void
  onNext?: () => void
  /** This asset was deleted here: show the next one, or go back (onClose when not given). */
  onDeleted?: () => void
}

/** One asset in full: the player, every stored fact, its provenance, and organising it. */
export function AssetDetailPage({ id, onClose, onPrev, onNext, onDeleted }: AssetDetailProps) {
  const thumbnails = useThumbnailVersion(id)
  const state = useAsset(id)
  const provenance = useProvenance(id)
  useDetailKeys({ onClose, onPrev, onNext })

  return (
    <article className="asset-detail" aria-label="Asset detail">
      <header className="detail-head">
        <button type="button" onClick={onClose} title="Back to the library (Esc)">
          ← Back
        </button>
        <h1 className="detail-title">{state.status === 'ready' ? state.data.name : 'Asset'}</h1>
        <div className="detail-nav">
          <button type="button" onClick={onPrev} disabled={!onPrev} aria-label="Previous asset" title="Previous (←)">
            ‹ Prev
          </button>
          <button type="button" onClick={onNext} disabled={!onNext} aria-label="Next asset" title="Next (→)">
            Next ›
          </button>
        </div>
      </header>
      {state.status === 'loading' && <p className="empty">Loading…</p>}
      {state.status === 'error' && (
        <ErrorLine>
          {state.code === 'not_found' ? 'This asset is not in the library (it may have been deleted).' : state.message}
        </ErrorLine>
      )}
      {state.status === 'ready' && <AssetBody asset={state.data} provenance={provenance} thumbnails={thumbnails} />}
      <DeleteDialog onDeleted={(gone) => gone.includes(id) && (onDeleted ?? onClose)()} />
    </article>
  )
}

function AssetBody(props: { asset: DetailAsset; provenance: Loaded<DetailProvenance>; thumbnails: number }) {
  const { asset, provenance, thumbnails } = props
  const damage = damageOf(asset)
  const ready = provenance.status === 'ready' ? provenance.data : null
  const analyses = useAnalyses(asset.id)
  const generation = useGeneration(asset.id)
  const generationProblems = asset.metadata?.generationProblems
  // What made the file comes first, the width of the player, when anything did.
  const generationFirst = leadsWithGeneration(generation, generationProblems)
  const player = useRef<HTMLMediaElement>(null)
  const playFrom = useAppStore((s) => s.playFrom)
  const timed = asset.mediaType !== 'image'
  return (
    <CommentFocusScope key={asset.id}>
      <div className="detail-body">
        <div className="detail-main">
          {damage && (
            <p className="detail-warning" role="alert">
              <strong>Damaged file.</strong> {damage} It may play only in part or show black frames.
            </p>
          )}
          <AssetPlayer
            asset={asset}
            version={thumbnails}
            mediaRef={player}
            startAt={playFrom}
            overlay={<RegionOverlay assetId={asset.id} media={timed ? player : null} />}
          />
          {timed && <CommentMarkers assetId={asset.id} durationSeconds={asset.durationSeconds} media={player} />}
          {timed && (
            <AnalysisTimeline analyses={analyses.analyses} durationSeconds={asset.durationSeconds} media={player} />
          )}
          <AssetActions id={asset.id} filePath={ready?.filePath ?? null} />
          {asset.mediaType === 'video' && (
            <SubtitlesSection assetId={asset.id} durationSeconds={asset.durationSeconds} media={player} />
          )}
          {generationFirst && (
            <GenerationSection assetId={asset.id} state={generation} metadataProblems={generationProblems} />
          )}
          {asset.mediaType === 'video' && (
            <PipelinesSection assetId={asset.id} resolution={asset.resolution} media={player} />
          )}
          <MetadataPanel asset={asset} sampledId={ready?.sampledId ?? null} />
        </div>
        <div className="detail-side">
          <OrganisePanel asset={asset} />
          <CommentsPanel assetId={asset.id} media={player} timed={timed} pictured={asset.mediaType !== 'audio'} />
          <StackSection assetId={asset.id} />
          <ProvenancePanel state={provenance} />
          <AnalysesSection view={analyses} mediaType={asset.mediaType} hasSound={audioTrackCount(asset.metadata) > 0} />
          <LaterSections asset={asset} generation={generation} generationFirst={generationFirst} />
        </div>
      </div>
    </CommentFocusScope>
  )
}
