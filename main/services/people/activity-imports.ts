import type { ImportJob, JobState } from '../../../shared/contract'
import type { Library, Uses } from '../library-context'
import { importWords } from './activity-words'

/** The import a recorded call started (media:import, media:import-uploads), if it did. */
export function startedImport(call: { channel: string; output: unknown }): ImportJob | undefined {
  if (call.channel !== 'media:import' && call.channel !== 'media:import-uploads') return undefined
  return (call.output as { job?: ImportJob } | null)?.job
}

/**
 * Calls `ended` with the state an import job ended in, once it has (in the background: the call that started it
 * has answered). Where the library runs no jobs (a catalogue alone) nothing follows.
 */
export function followImport(
  lib: Partial<Pick<Library, 'importer' | 'jobs'>>,
  jobId: string,
  ended: (state: JobState) => Promise<void>,
): void {
  const { importer, jobs } = lib
  if (!importer || !jobs) return
  const follow = async () => {
    await jobs.settled(jobId)
    await ended((await importer.get(jobId)).state)
  }
  void follow().catch((error: unknown) => console.error(`The activity of import ${jobId} was not completed:`, error))
}

/**
 * An import's entry once its job ended: it names the assets the files became or already were, and says what they
 * came to ("imported 3 files (2 new, 1 already in the library)").
 */
export async function importEnded(
  lib: Uses<'activity' | 'importItems'>,
  entryId: number,
  jobId: string,
  state: JobState,
): Promise<void> {
  const { activity, importItems } = lib.catalog.repos
  await activity.addImportedAssets(entryId, jobId)
  await activity.reword(entryId, importWords((await importItems.summary(jobId)).counts, state))
}
