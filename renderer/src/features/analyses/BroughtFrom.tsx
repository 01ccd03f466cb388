import type { CachedAnalysis } from '../../../../shared/contract'
import { fileName } from './plugin-caches-view'

/** The "Brought from" fact of a cached analysis copied from a plugin's cache: which file, which row, which path it named, when. */
export function BroughtFrom({ source }: { source: CachedAnalysis['broughtFrom'] }) {
  if (!source) return null
  return (
    <>
      <dt>Brought from</dt>
      <dd>
        Plugin cache <span title={source.database}>{fileName(source.database)}</span> (row {source.rowId}, made from{' '}
        <span className="brought-path">{source.filePath}</span>), on {new Date(source.copiedAt * 1000).toLocaleString()}
      </dd>
    </>
  )
}
