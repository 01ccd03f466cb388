import { FactList } from './FactList'
import { metadataGroups } from './metadata-groups'
import type { DetailAsset } from './use-asset'

/** Every stored fact about the asset, in labelled groups (audio tracks each in their own). */
export function MetadataPanel({ asset, sampledId }: { asset: DetailAsset; sampledId: string | null }) {
  return (
    <section className="detail-section" aria-labelledby="detail-metadata">
      <h2 id="detail-metadata">Metadata</h2>
      {metadataGroups(asset, sampledId).map((group) => (
        <section key={group.title} aria-label={group.title} className="fact-group">
          <h3>{group.title}</h3>
          <FactList facts={group.facts} />
        </section>
      ))}
    </section>
  )
}
