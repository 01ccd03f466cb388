import type { StateCreator } from 'zustand'
import { fileTitle } from '../../../../shared/workflow-graph/workflow-name'
import type { Write } from '../../api/writes'
import type { AppState } from '../../app/store'
import { toErrorShape } from '../../ui/error-shape'

export interface WorkflowFilesActions {
  /** Adds an offered file as a workflow, named from its file name (else by its title or what it does). */
  addWorkflowFile(key: number): Promise<void>
  /** Adds every offered file, one after another. */
  addAllWorkflowFiles(): Promise<void>
}

/** Adds the workflows offered by dropped .json files (workflow-files-slice.ts) through `write`. */
export function createWorkflowFilesActions(write: Write): StateCreator<AppState, [], [], WorkflowFilesActions> {
  return (_set, get) => ({
    async addWorkflowFile(key) {
      const file = get().workflowFiles.find((candidate) => candidate.key === key)
      const definition = get().workflowDefinition(key)
      if (!file || !definition || file.state !== 'offered') return
      const { updateWorkflowFile: update } = get()
      update(key, { state: 'adding', problem: undefined })
      const name = fileTitle(file.fileName)
      try {
        const { workflow, created, version } = await write('workflows:create', {
          ...(definition.id && { id: definition.id }),
          ...(name && { name }),
          definition: definition.text,
          format: definition.format,
          source: `file: ${file.fileName}`,
        })
        update(key, {
          state: 'added',
          added: { id: workflow.id, name: workflow.name, created, version: version.ordinal },
        })
      } catch (error) {
        update(key, { state: 'offered', problem: toErrorShape(error).message })
      }
    },
    async addAllWorkflowFiles() {
      const offered = get().workflowFiles.filter((file) => file.state === 'offered')
      for (const file of offered) await get().addWorkflowFile(file.key)
    },
  })
}
