import { useId, useState, type RefObject } from 'react'
import { compareAnalyses, CUT_TOLERANCE_SECONDS, type ComparedEvents } from '../../../../shared/analysis-diff'
import { formatSetting } from '../../../../shared/analysis-label'
import type { CachedAnalysis } from '../../../../shared/contract'
import { plural } from '../../format'
import { rangesOf } from './analysis-view'
import { ConfigDiff } from './ConfigDiff'
import { FoundOnly } from './FoundOnly'
import { LaneStack } from './LaneStack'
import { seekPlayer } from './use-playhead'

/** The rows that have another row of their analyzer to be compared with. */
export function comparableAnalyses(analyses: CachedAnalysis[]): CachedAnalysis[] {
  return analyses.filter(
    (row) => row.analyzer !== null && analyses.some((other) => other.id !== row.id && other.analyzer === row.analyzer),
  )
}

/**
 * Two configs of one analyzer compared by what they found: their lanes one above the other (what only one
 * found marked), the cuts or ranges each found alone as times that seek the player, and the settings apart.
 */
export function AnalysisCompare(props: {
  id: string
  analyses: CachedAnalysis[]
  labels: Map<number, string>
  span: number
  media: RefObject<HTMLMediaElement | null>
}) {
  const { id, analyses, labels, span, media } = props
  const choices = comparableAnalyses(analyses)
  // The newest row of a comparable analyzer against the one before it: something to look at at once.
  const [pick, setPick] = useState<{ a?: number; b?: number }>(() => ({
    a: choices[0]?.id,
    b: choices.find((row) => row.analyzer === choices[0]?.analyzer && row.id !== choices[0]?.id)?.id,
  }))
  const a = choices.find((row) => row.id === pick.a)
  const choicesB = a ? choices.filter((row) => row.analyzer === a.analyzer && row.id !== a.id) : []
  const b = choicesB.find((row) => row.id === pick.b)
  const compared = a && b ? compareAnalyses({ ...a, ranges: rangesOf(a) }, { ...b, ranges: rangesOf(b) }) : null
  const title = useId()
  const nameOf = (row: CachedAnalysis) => labels.get(row.id) ?? String(row.analyzer)
  const seek = (seconds: number) => seekPlayer(media, seconds)
  const sides =
    a && b && compared
      ? [
          { row: a, other: b, only: compared.onlyA },
          { row: b, other: a, only: compared.onlyB },
        ]
      : []
  return (
    <section id={id} className="analysis-compare" aria-labelledby={title}>
      <h2 id={title}>Compare two analyses</h2>
      <div className="diff-pickers">
        <AnalysisChoice
          label="First"
          rows={choices}
          value={pick.a}
          nameOf={nameOf}
          onChange={(id) => setPick({ a: id, b: undefined })}
        />
        <AnalysisChoice
          label="Second"
          rows={choicesB}
          value={pick.b}
          nameOf={nameOf}
          placeholder={a ? undefined : 'First choose one'}
          onChange={(id) => setPick({ ...pick, b: id })}
        />
      </div>
      {compared && (
        <>
          <LaneStack
            span={span}
            media={media}
            rulerName="Playhead of the compared lanes"
            lanes={sides.map(({ row, only }) => ({
              id: row.id,
              name: nameOf(row),
              title: nameOf(row),
              stale: !row.valid,
              ranges: rangesOf(row),
              marks: only,
            }))}
          />
          <p className="compare-rule">{ruleWords(compared)}</p>
          <div className="found-only">
            {sides.map(({ row, other, only }) => (
              <FoundOnly
                key={row.id}
                name={nameOf(row)}
                other={nameOf(other)}
                kind={compared.kind}
                events={only}
                onSeek={seek}
              />
            ))}
          </div>
          <ConfigDiff a={a?.config} b={b?.config} />
        </>
      )}
    </section>
  )
}

/** A choice among analyses by their names; disabled with only its `placeholder` when there is none to choose. */
function AnalysisChoice(props: {
  label: string
  rows: CachedAnalysis[]
  value: number | undefined
  nameOf(row: CachedAnalysis): string
  placeholder?: string
  onChange(id: number | undefined): void
}) {
  const { label, rows, value, nameOf, placeholder, onChange } = props
  return (
    <label>
      {label}
      <select
        value={value ?? ''}
        disabled={placeholder !== undefined}
        onChange={(event) => onChange(Number(event.target.value) || undefined)}
      >
        <option value="">{placeholder ?? 'Choose…'}</option>
        {rows.map((row) => (
          <option key={row.id} value={row.id}>
            {nameOf(row)}
          </option>
        ))}
      </select>
    </label>
  )
}

/** How the two were matched, and how much they agree. */
function ruleWords(compared: ComparedEvents): string {
  const [one, many] = compared.kind === 'cuts' ? ['cut', 'cuts'] : ['range', 'ranges']
  const both = compared.a.length - compared.onlyA.length
  const rule =
    compared.kind === 'cuts'
      ? `Cuts within ±${formatSetting(CUT_TOLERANCE_SECONDS)} s of each other count as the same cut; a cut only one found is marked in amber on its lane.`
      : 'Ranges of one label that overlap count as the same range; a range only one found is framed in amber on its lane.'
  return `${rule} The first found ${plural(compared.a.length, one, many)}, the second ${plural(compared.b.length, one, many)}; ${both} of the first’s are in both.`
}
