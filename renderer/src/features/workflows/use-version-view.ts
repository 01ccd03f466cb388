import { useMemo } from 'react'
import type { Workflow, WorkflowVersion, WorkflowVersionDiff } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { withExactIntegers } from '../../../../shared/exact-integers'
import { parseLenientJson } from '../../../../shared/lenient-json'
import { useAppStore } from '../../app/use-app-store'
import { useWorkflowData } from './use-workflow-data'

/**
 * The definition the graph draws: its parsed value, the key its drawing is memoised on, its format, and its
 * exact text (what Copy and Export give; null until it is read).
 */
export interface DrawnDefinition {
  value: unknown
  key: string
  format: Workflow['format']
  text: string | null
}

/** What the workflow page shows of its versions: the list, the one drawn, the one compared and their diff. */
export interface VersionView {
  versions: WorkflowVersion[]
  /** The version drawn (null until the versions are read). */
  shown: number | null
  compare: number | null
  /** A version the address names that the workflow does not have (the newest is shown instead). */
  missing: number | null
  /** The definition to draw; null while the version asked for loads. */
  drawn: DrawnDefinition | null
  diff: WorkflowVersionDiff | null
  error: ErrorShape | null
  /** Shows another version; a comparison with that very version is dropped. */
  show(version: number): void
  compareWith(version: number | null): void
}

/**
 * The versions of the page's workflow and which is drawn. With no version in the address the page draws
 * the workflow's newest definition, as it always did; a version named in the address (or a comparison,
 * which compares whole versions) draws the definition that opened that version, so marks and values agree.
 */
export function useVersionView(workflow: Workflow): VersionView {
  const query = useAppStore((s) => s.workflowPage)
  const setQuery = useAppStore((s) => s.setWorkflowPage)
  const { id } = workflow
  const list = useWorkflowData(`${id}\nversions`, 'workflows:versions', { id })
  const versions = useMemo(() => list.data?.items ?? [], [list.data])
  const newest = versions.length > 0 ? versions[versions.length - 1].ordinal : null
  // Until the list is read, a version the address names is taken at its word.
  const known = (ordinal: number) => versions.length === 0 || versions.some((v) => v.ordinal === ordinal)
  const missing = query.version !== null && !known(query.version) ? query.version : null
  const shown = query.version !== null && missing === null ? query.version : newest
  const compare = query.compare !== null && query.compare !== shown && known(query.compare) ? query.compare : null
  const exact = query.version !== null || compare !== null
  // An asset's own definition (its seed, its prompt) when the address names one of the shown version's.
  const own = compare === null ? query.definition : null
  const picked = useWorkflowData(
    `${id}\ndefinition`,
    'workflows:definition',
    exact && shown !== null
      ? own !== null
        ? { workflowId: id, hash: own }
        : { workflowId: id, version: shown }
      : null,
  )
  const diff = useWorkflowData(
    `${id}\ndiff`,
    'workflows:diff',
    compare !== null && shown !== null ? { id, from: compare, to: shown } : null,
  )
  const definition = exact ? picked.data?.definition : undefined
  const drawn = useMemo((): DrawnDefinition | null => {
    if (!exact) {
      const { definitionText: text, definitionHash: key, format } = workflow
      return { value: parseDefinition(text), key, format, text }
    }
    if (!definition || definition.version !== shown) return null
    return {
      value: parseDefinition(definition.text),
      key: definition.hash,
      format: definition.format,
      text: definition.text,
    }
    // The row's definition is read again with each rename; its hash says whether it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [exact, definition, shown, workflow.definitionHash, workflow.format])
  const diffData = diff.data && diff.data.to.version === shown && diff.data.from.version === compare ? diff.data : null
  return {
    versions,
    shown,
    compare,
    missing,
    drawn,
    diff: compare === null ? null : diffData,
    error: list.error ?? (exact ? picked.error : null) ?? (compare !== null ? diff.error : null),
    show: (version) =>
      setQuery({ version, compare: query.compare === version ? null : query.compare, definition: null }),
    // Versions compare whole: the definition an asset opened is left for the version's first.
    compareWith: (version) => setQuery({ version: query.version, compare: version, definition: null }),
  }
}

// Python's bare NaN (ComfyUI writes it) is read too; integers past 2^53 (seeds) come back as their digits.
function parseDefinition(text: string): unknown {
  const read = parseLenientJson(text)
  return read.ok ? withExactIntegers(read.value, text) : null
}
