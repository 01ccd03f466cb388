import type { StateCreator } from 'zustand'
import { DEFINITION_MAX_CHARS, type WorkflowFormat } from '../../../../shared/contract'
import { readPastedWorkflow } from '../../../../shared/workflow-graph/pasted-workflow'
import type { AppState } from '../../app/store'
import { readKeptOffers, readPendingOffers, writeKeptOffers } from './kept-offers'

/** A .json file of a drop: no media, but maybe a workflow, which is offered to be added as one. */
export interface WorkflowFile {
  key: number
  fileName: string
  /** reading → offered (a workflow) or refused (not one); offered → adding → added, or offered again with `problem`. */
  state: 'reading' | 'offered' | 'adding' | 'added' | 'refused'
  /** The workflow's format, once read as one. */
  format?: WorkflowFormat
  /** Why the file is no workflow (refused), or why adding it failed (offered). */
  problem?: string
  /** The workflow it became, or joined as a version when the library knew it already (`created` false). */
  added?: { id: string; name: string; created: boolean; version: number }
}

export interface WorkflowFilesSlice {
  /** The .json files of recent drops, oldest first. */
  workflowFiles: WorkflowFile[]
  /** Reads dropped .json files: workflows are offered, anything else is refused in words. */
  offerWorkflowFiles(files: File[]): Promise<void>
  /** The definition read from a file, while it is offered (workflow-files-actions.ts adds it). */
  workflowDefinition(key: number): WorkflowDefinition | undefined
  /** Shows a file's new state; an added file's definition is let go. */
  updateWorkflowFile(key: number, change: Partial<WorkflowFile>): void
  /** Offers again what this library's drops offered before the page was reloaded (see kept-offers.ts). */
  restoreWorkflowFiles(libraryId: string): void
  /** Forgets a file the user has dealt with. */
  dismissWorkflowFile(key: number): void
}

/** A workflow's definition as read from a dropped file: its text, format and the id it names, if any. */
export interface WorkflowDefinition {
  text: string
  format: WorkflowFormat
  id?: string
}

/** Whether a dropped file is JSON (read as a possible workflow) rather than media. */
export function isJsonFile(file: File): boolean {
  return /\.json$/i.test(file.name)
}

/**
 * Dropped .json files read as workflows, offered to be added to the library's Workflows (on request:
 * workflow-files-actions.ts), and kept across a reload.
 */
export function createWorkflowFilesSlice(): StateCreator<AppState, [], [], WorkflowFilesSlice> {
  return (set, get) => {
    // The definitions read, by key: the store keeps what the panel shows, not megabytes of JSON.
    const definitions = new Map<number, WorkflowDefinition>()
    let keys = 0
    // The library whose offers are kept (known once the panel has its id; before that they are kept as pending).
    let libraryId: string | undefined
    // What the page before a reload kept before it knew its library: restored with the library's own.
    let inherited = readPendingOffers()
    const keep = () => {
      const offers = get().workflowFiles.flatMap((file) => {
        const definition = definitions.get(file.key)
        if (!definition || (file.state !== 'offered' && file.state !== 'adding')) return []
        const { text, format, id } = definition
        return [{ fileName: file.fileName, format, definition: text, ...(id && { id }) }]
      })
      writeKeptOffers(libraryId, offers)
    }
    const update = (key: number, change: Partial<WorkflowFile>) => {
      set((state) => ({
        workflowFiles: state.workflowFiles.map((file) => (file.key === key ? { ...file, ...change } : file)),
      }))
      keep()
    }

    const read = async (key: number, file: File) => {
      const text = await readText(file)
      if (typeof text !== 'string') return update(key, { state: 'refused', problem: text.problem })
      const found = readPastedWorkflow(text, file.name)
      if (!found.ok) return update(key, { state: 'refused', problem: found.problem })
      definitions.set(key, { text: found.definition, format: found.format, ...(found.id && { id: found.id }) })
      update(key, { state: 'offered', format: found.format })
    }

    return {
      workflowFiles: [],
      async offerWorkflowFiles(files) {
        const added = files.map((file) => ({ key: ++keys, fileName: file.name, state: 'reading' as const }))
        set((state) => ({ workflowFiles: [...state.workflowFiles, ...added] }))
        await Promise.all(files.map((file, index) => read(added[index]!.key, file)))
      },
      workflowDefinition: (key) => definitions.get(key),
      updateWorkflowFile(key, change) {
        if (change.state === 'added') definitions.delete(key)
        update(key, change)
      },
      dismissWorkflowFile(key) {
        definitions.delete(key)
        set((state) => ({ workflowFiles: state.workflowFiles.filter((file) => file.key !== key) }))
        keep()
      },
      restoreWorkflowFiles(id) {
        if (libraryId === id) return
        libraryId = id
        const restored = [...inherited, ...readKeptOffers(id)].map((offer): WorkflowFile => {
          const key = ++keys
          definitions.set(key, { text: offer.definition, format: offer.format, ...(offer.id && { id: offer.id }) })
          return { key, fileName: offer.fileName, state: 'offered', format: offer.format }
        })
        inherited = []
        if (restored.length > 0) set((state) => ({ workflowFiles: [...restored, ...state.workflowFiles] }))
        keep()
      },
    }
  }
}

/** A file's text, or why it is not read: empty, too large for a workflow, or unreadable. */
async function readText(file: File): Promise<string | { problem: string }> {
  if (file.size === 0) return { problem: 'The file is empty.' }
  // Refused before it is read, as the New workflow form does: the contract bounds a definition at 5 M characters.
  if (file.size > DEFINITION_MAX_CHARS) return { problem: 'The file is larger than 5 MB: no workflow is that big.' }
  try {
    return await file.text()
  } catch {
    return { problem: 'The file could not be read.' }
  }
}
