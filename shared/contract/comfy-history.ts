import { z } from 'zod'
import { jobOf } from './job-parts'
import { AbsolutePath } from './media'

const Count = z.number().int().nonnegative()

/** What a history import did, as its job's result. */
export const HistoryImportResult = z.object({
  /** Prompt ids read from the file, executions made new, and workflows they are runs of. */
  executions: Count,
  created: Count,
  workflows: Count,
  /** Output files: imported new, already in the library, gone from the output folder, failed to import. */
  files: z.object({ imported: Count, duplicates: Count, missing: Count, failed: Count, previews: Count }),
  /** Entries or files that could not be read, in words (at most 50). */
  problems: z.array(z.string()),
})
export type HistoryImportResult = z.infer<typeof HistoryImportResult>

/** What a history import job stores as its parameters: the history file and ComfyUI's output folder. */
export const HistoryImportParams = z.object({ historyPath: z.string(), outputDir: z.string() })

/** A ComfyUI history import as a job. */
export const HistoryImportJob = jobOf('history-import', HistoryImportParams, HistoryImportResult)

export const historyChannels = {
  /**
   * Imports a ComfyUI history (what its /history answers, saved to a file) as a job: each prompt id
   * becomes an execution of its workflow with status, times, error and cached nodes, and each saved
   * output under `outputDir` is imported and associated with its node and execution. Both paths are
   * gated like imports by path. Importing the same history again adds nothing twice.
   */
  'history:import': {
    input: z.object({ historyPath: AbsolutePath, outputDir: AbsolutePath }).strict(),
    output: z.object({ job: HistoryImportJob }),
  },
} as const
