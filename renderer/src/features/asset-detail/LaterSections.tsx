import { ProcessingSection } from '../processing/index'
import { GenerationSection } from './GenerationSection'
import { NearDuplicatesSection } from './NearDuplicatesSection'
import { useGeneration, type DetailAsset } from './use-asset'
import { WorkflowsSection } from './WorkflowsSection'
import './generation.css'

/** The side sections after analyses: how the asset was generated, the workflows it is on, its processing and near-duplicates. */
export function LaterSections({ asset }: { asset: DetailAsset }) {
  const generation = useGeneration(asset.id)
  return (
    <>
      <GenerationSection state={generation} metadataProblems={asset.metadata?.generationProblems} />
      <WorkflowsSection assetId={asset.id} state={generation} />
      <ProcessingSection assetId={asset.id} assetName={asset.name} mediaType={asset.mediaType} />
      {asset.mediaType !== 'audio' && <NearDuplicatesSection assetId={asset.id} />}
    </>
  )
}
