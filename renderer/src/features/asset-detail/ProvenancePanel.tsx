import { formatBytes, formatDateTime } from '../../format'
import { CopyButton } from '../../ui/CopyButton'
import { FactList } from './FactList'
import type { Fact } from './metadata-groups'
import type { DetailProvenance, Loaded } from './use-asset'
import { ErrorLine } from '../../ui/ErrorLine'
import { ProcessingStepFacts } from './ProcessingStepFacts'

const SOURCE_NAMES = {
  paths: 'files and folders on this computer',
  upload: 'files uploaded (from a browser, the CLI or a push)',
  processing: 'the output of a processing run',
}

/** Where the asset came from: what made it (a processing run), original path, import, copy or link, and the duplicates dropped onto it. */
export function ProvenancePanel({ state }: { state: Loaded<DetailProvenance> }) {
  return (
    <section className="detail-section" aria-labelledby="detail-provenance">
      <h2 id="detail-provenance">Provenance</h2>
      {state.status === 'loading' && <p className="empty">Loading…</p>}
      {state.status === 'error' && <ErrorLine>{state.message}</ErrorLine>}
      {state.status === 'ready' && <ProvenanceFacts provenance={state.data} />}
    </section>
  )
}

function ProvenanceFacts({ provenance }: { provenance: DetailProvenance }) {
  const { job, duplicates, processing } = provenance
  const made = job?.source === 'processing'
  const facts: Array<Fact | false> = [
    // An upload's original path stays in the browser; only its name reaches the library. A pushed file's is a path
    // on the machine it was pushed from.
    !!provenance.originalPath && {
      label: job?.source === 'upload' && !provenance.originalMachine ? 'Uploaded as' : 'Original path',
      value: provenance.originalPath,
      copy: true,
    },
    !!provenance.originalMachine && { label: 'On the machine', value: provenance.originalMachine },
    !!provenance.importedAt && { label: made ? 'Added' : 'Imported', value: formatDateTime(provenance.importedAt) },
    !!provenance.importedBy && { label: 'Imported by', value: provenance.importedBy },
    !!job && { label: 'Import job', value: `${job.id.slice(0, 8)} · ${SOURCE_NAMES[job.source]} · ${job.state}` },
    {
      label: 'Stored',
      value:
        provenance.storage === 'copy'
          ? 'Copied into the library'
          : 'Linked in place (the library points at the original file)',
    },
    !!provenance.libraryPath && { label: 'Library path', value: provenance.libraryPath, copy: true },
  ]
  return (
    <>
      {processing && <ProcessingStepFacts step={processing} />}
      {processing && <h3>In the library</h3>}
      <FactList facts={facts.filter((f): f is Fact => f !== false)} />
      <h3>Duplicates dropped onto it</h3>
      {duplicates.total === 0 ? (
        <p className="empty">None: no later import brought this content again.</p>
      ) : (
        <>
          <ul className="duplicate-list" aria-label="Dropped duplicates">
            {duplicates.items.map((item) => (
              <li key={`${item.jobId}/${item.path}/${item.at}`}>
                <span className="copy-value">
                  <code>{item.path}</code>
                  <CopyButton text={item.path} label={`path of ${item.name}`} />
                </span>
                <span className="muted">
                  {formatDateTime(item.at)}
                  {item.sizeBytes !== null && ` · ${formatBytes(item.sizeBytes)}`} · {item.importedBy}
                </span>
              </li>
            ))}
          </ul>
          {duplicates.more > 0 && (
            <p className="muted">
              …and {duplicates.more} more (the {duplicates.items.length} most recent are shown).
            </p>
          )}
        </>
      )}
    </>
  )
}
