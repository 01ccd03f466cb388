import { useId, useState, type ReactNode } from 'react'
import { formatSeconds, labelColour, rangesOf, shortHash } from './analysis-view'
import { CopyButton } from '../../ui/CopyButton'
import { ScrollPre } from '../../ui/ScrollPre'
import {
  analyzerOf,
  fileName,
  formatJson,
  matchLabel,
  matchOf,
  type CacheAnalysis,
  type CacheProcessing,
} from './plugin-caches-view'

/** What every row needs from the page: asset names for the matches. */
export interface RowContext {
  names: Record<string, string>
}

/** Unix seconds as local date and minute; the seconds are in the title. */
function Created({ seconds }: { seconds: number }) {
  const date = new Date(seconds * 1000)
  return (
    <span title={date.toLocaleString()}>
      {date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}
    </span>
  )
}

/** One analysis_jobs row: a summary line that expands to its ranges and metadata. */
export function AnalysisCacheRow({ row, context }: { row: CacheAnalysis; context: RowContext }) {
  const ranges = rangesOf(row)
  const analyzer = analyzerOf(row)
  return (
    <ExpandableRow
      label={`Analysis of ${fileName(row.filePath)}`}
      title={fileName(row.filePath)}
      path={row.filePath}
      facts={
        <>
          <Fact name="Analyzer">
            {analyzer ?? (
              <span className="muted" title="The row does not say which analyzer made it">
                —
              </span>
            )}
          </Fact>
          <Fact name="Config hash" className="hash">
            <Hash value={row.configHash} label="config hash" />
          </Fact>
          <Fact name="File hash" className="hash">
            <Hash value={row.fileHash} />
          </Fact>
          <Fact name="Created">
            <Created seconds={row.createdAt} />
          </Fact>
          <Fact name="Ranges" className="number">
            {ranges.length}
          </Fact>
          <Fact name="Match">
            <MatchLink matched={row} names={context.names} />
          </Fact>
        </>
      }
    >
      <dl className="cache-detail-facts">
        <dt>Config hash</dt>
        <dd>
          <Hash value={row.configHash} label="config hash" full />
        </dd>
        <dt>File hash</dt>
        <dd>
          <Hash value={row.fileHash} full />
        </dd>
      </dl>
      {ranges.length === 0 ? (
        <p className="muted">No ranges.</p>
      ) : (
        <table className="cache-ranges" aria-label="Ranges">
          <thead>
            <tr>
              <th scope="col">Start–end</th>
              <th scope="col">Label</th>
              <th scope="col">Confidence</th>
            </tr>
          </thead>
          <tbody>
            {ranges.map((range, index) => (
              <tr key={index}>
                <td>
                  {formatSeconds(range.start)}–{formatSeconds(range.end)}
                </td>
                <td>
                  <span className="label-swatch" style={{ background: labelColour(range.label) }} aria-hidden="true" />{' '}
                  {range.label}
                </td>
                <td className="number">{range.confidence === undefined ? '—' : range.confidence.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Json name="Metadata" value={row.metadata} />
    </ExpandableRow>
  )
}

/** One processing_jobs row: action, input → output with their matches; expands to parameters and metadata. */
export function ProcessingCacheRow({ row, context }: { row: CacheProcessing; context: RowContext }) {
  return (
    <ExpandableRow
      label={`${row.action} of ${fileName(row.inputPath)}`}
      title={row.action}
      path={`${row.inputPath} → ${row.outputPath}`}
      facts={
        <>
          <Fact name="Input" className="cache-side">
            <span className="cache-path" title={row.inputPath}>
              {fileName(row.inputPath)}
            </span>
            <MatchLink matched={row.input} names={context.names} />
          </Fact>
          <Fact name="Output" className="cache-side">
            <span className="cache-path" title={row.outputPath}>
              {fileName(row.outputPath)}
            </span>
            <MatchLink matched={row.output} names={context.names} />
          </Fact>
          <Fact name="Created">
            <Created seconds={row.createdAt} />
          </Fact>
        </>
      }
    >
      <dl className="detail-facts cache-detail-facts">
        <dt>Job</dt>
        <dd>{row.jobId}</dd>
        <dt>Input</dt>
        <dd className="cache-full-path">{row.inputPath}</dd>
        <dt>Input hash</dt>
        <dd>
          <Hash value={row.inputHash} full />
        </dd>
        <dt>Output</dt>
        <dd className="cache-full-path">{row.outputPath}</dd>
        <dt>Output hash</dt>
        <dd>
          <Hash value={row.outputHash} full />
        </dd>
        <dt>Config hash</dt>
        <dd>{row.configHash ? <Hash value={row.configHash} label="config hash" full /> : '—'}</dd>
      </dl>
      <Json name="Parameters" value={row.parameters} />
      <Json name="Metadata" value={row.metadata} />
    </ExpandableRow>
  )
}

/** A row whose title button shows or hides its details; the full path on hover and when open. */
function ExpandableRow(props: { label: string; title: string; path: string; facts: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false)
  const details = useId()
  return (
    <li className={open ? 'cache-row open' : 'cache-row'} aria-label={props.label}>
      <div className="cache-summary">
        <button
          type="button"
          className="cache-toggle"
          aria-expanded={open}
          aria-controls={details}
          title={props.path}
          onClick={() => setOpen(!open)}
        >
          <span className="cache-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="cache-name">{props.title}</span>
        </button>
        {props.facts}
      </div>
      {open && (
        <div className="cache-details" id={details}>
          <p className="cache-full-path">{props.path}</p>
          {props.children}
        </div>
      )}
    </li>
  )
}

function Fact({ name, className, children }: { name: string; className?: string; children: ReactNode }) {
  return (
    <span className={className ? `cache-fact ${className}` : 'cache-fact'} data-label={name}>
      {children}
    </span>
  )
}

/** A hash, short (the whole in the title) or in `full` where there is room; a Copy button where it is labelled. */
function Hash({ value, label, full }: { value: string; label?: string; full?: boolean }) {
  return (
    <span className={full ? 'cache-hash full' : 'cache-hash'}>
      <code title={value}>{full ? value : shortHash(value)}</code>
      {label && <CopyButton text={value} label={label} />}
    </span>
  )
}

function Json({ name, value }: { name: string; value: unknown }) {
  return (
    <div className="cache-json">
      <h4>{name}</h4>
      <ScrollPre label={name}>{formatJson(value)}</ScrollPre>
    </div>
  )
}

/** "In library" (a link to the asset), "Same content as <name>" (a link), or "Not in library". */
function MatchLink({
  matched,
  names,
}: {
  matched: { assetId: string | null; sameContentAssetId: string | null }
  names: Record<string, string>
}) {
  const match = matchOf(matched)
  if (match.kind === 'none') return <span className="cache-match none">{matchLabel(match)}</span>
  const name = names[match.assetId]
  const href = `#/asset/${encodeURIComponent(match.assetId)}`
  if (match.kind === 'in-library') {
    return (
      <a className="cache-match in-library" href={href} title={name}>
        {matchLabel(match)}
      </a>
    )
  }
  return (
    <a className="cache-match same-content" href={href} title="The library holds this content at another path">
      {matchLabel(match, name ?? 'an asset')}
    </a>
  )
}
