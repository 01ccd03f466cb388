import { z } from 'zod'
import { AssetIds } from './browse'

const MAX_PREVIEW_ITEMS = 20
const Count = z.number().int().nonnegative()

/** A delete's id: what undo and empty-trash take. */
export const TrashBatchId = z.uuid()

/** Count and bytes of a group of assets. */
const Tally = z.object({ count: Count, bytes: Count })

/** An asset a delete names, for the confirmation text. */
export const DeleteCandidate = z.object({
  id: z.string(),
  name: z.string(),
  storage: z.enum(['copy', 'link']),
  sizeBytes: Count.nullable(),
  filePath: z.string(),
})
export type DeleteCandidate = z.infer<typeof DeleteCandidate>

/**
 * What a delete would do: copied assets' library files (and thumbnails) go to the trash,
 * linked assets' originals stay where they are; `items` are the first few, for naming them.
 */
export const DeletePreview = z.object({
  assets: Count,
  copied: Tally,
  linked: Tally,
  notFound: z.array(z.string()),
  items: z.array(DeleteCandidate).max(MAX_PREVIEW_ITEMS),
})
export type DeletePreview = z.infer<typeof DeletePreview>

/** An asset and why a step left it as it was. */
const Skipped = z.object({ id: z.string(), reason: z.string() })

/** What a delete did. Undo it with `trash:undo` while the batch is in the trash. */
export const DeleteResult = z.object({
  batchId: z.string(),
  /** Assets whose rows were removed. */
  deleted: Count,
  /** Copied assets whose library file went to the trash, and those bytes. */
  copied: Tally,
  /** Linked assets: their rows and thumbnails went, their originals were not touched. */
  linked: z.object({ count: Count, originalsLeftInPlace: Count }),
  /** Thumbnails moved to the trash and their bytes. */
  thumbnails: Tally,
  /** Copied assets whose file was already missing: only their rows went. */
  missingFiles: z.array(z.string()),
  /** Copied assets whose file stayed: another row uses it, or it lies outside the library. */
  filesKept: z.array(Skipped),
  /** Assets not deleted after all (their file could not be moved); their rows are back. */
  failed: z.array(Skipped),
  notFound: z.array(z.string()),
})
export type DeleteResult = z.infer<typeof DeleteResult>

export const TrashState = z.enum(['moving', 'trashed', 'restoring', 'restored', 'emptying', 'emptied'])

/** A delete still in the trash: what undoing it would bring back (`names`: the first few). */
export const TrashBatch = z.object({
  id: z.string(),
  createdAt: z.string(),
  state: TrashState,
  deletedBy: z.string(),
  assets: Count,
  copied: Count,
  linked: Count,
  bytes: Count,
  names: z.array(z.string()),
})
export type TrashBatch = z.infer<typeof TrashBatch>

/** What an undo put back; `kept` stayed in the trash (their id or file path is taken again, or their file is gone). */
export const UndoResult = z.object({
  batchId: z.string(),
  restored: z.array(z.string()),
  /** Files put back at their library paths. */
  files: Count,
  /** Dependent rows left out because what they pointed to is gone (a deleted collection). */
  droppedLinks: Count,
  kept: z.array(Skipped),
  state: TrashState,
})
export type UndoResult = z.infer<typeof UndoResult>

export const trashChannels = {
  /** What deleting these assets would do, for the confirmation: copied files and bytes, linked originals left, unknown ids. */
  'media:delete-preview': {
    input: z.object({ ids: AssetIds }).strict(),
    output: DeletePreview,
  },
  /**
   * Deletes assets: their rows go, copied assets' library files and all thumbnails move to the
   * library's trash (a linked original is never touched). Unknown ids are reported, not an error,
   * unless none is known. The answer's `batchId` undoes it.
   */
  'media:delete': {
    input: z.object({ ids: AssetIds }).strict(),
    output: DeleteResult,
  },
  /** Deletes still in the trash, newest first: the first is "the last delete" an Undo offers. */
  'trash:list': {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    output: z.object({ batches: z.array(TrashBatch), bytes: Count }),
  },
  /** Puts a delete back: files to their library paths, rows with the same ids and their tags. An emptied batch is a conflict. */
  'trash:undo': {
    input: z.object({ batchId: TrashBatchId }).strict(),
    output: UndoResult,
  },
  /** Deletes the trash's files for good: one batch, or every batch in the trash when absent. */
  'trash:empty': {
    input: z.object({ batchId: TrashBatchId.optional() }).strict(),
    output: z.object({ emptied: z.array(z.string()), assets: Count, bytes: Count }),
  },
} as const
