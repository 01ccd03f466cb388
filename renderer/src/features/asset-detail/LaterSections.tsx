import { ProcessingSection } from '../processing/index'
import { GenerationSection } from './GenerationSection'
import { HistorySection } from './HistorySection'
import { NearDuplicatesSection } from './NearDuplicatesSection'
import type { DetailAsset, DetailGeneration, Loaded } from './use-asset'
import { WorkflowsSection } from './WorkflowsSection'

/**
 * The side sections after analyses: that nothing is known to have made the asset (when nothing did; else the
 * Generation section leads the main column), its processing, near-duplicates and (on a team library) history.
 */
export function LaterSections(props: {
  asset: DetailAsset
  generation: Loaded<DetailGeneration>
  generationFirst: boolean
}) {
  const { asset, generation, generationFirst } = props
  return (
    <>
      {!generationFirst && generation.status !== 'loading' && (
        <>
          <GenerationSection
            assetId={asset.id}
            state={generation}
            metadataProblems={asset.metadata?.generationProblems}
          />
          <WorkflowsSection assetId={asset.id} state={generation} />
        </>
      )}
      <ProcessingSection assetId={asset.id} assetName={asset.name} mediaType={asset.mediaType} />
      {asset.mediaType !== 'audio' && <NearDuplicatesSection assetId={asset.id} />}
      <HistorySection assetId={asset.id} />
    </>
  )
}
