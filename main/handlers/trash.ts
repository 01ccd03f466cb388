import { deleteAssets, emptyTrash, listTrash, previewDelete, undoDelete } from '../services/trash/trash'
import { nearDuplicatesChanged } from '../services/similar/near-duplicate-set'
import type { HandlerGroup } from './handler-types'

/** Runs a write that moves assets out of the library or back, then has the set with near-duplicates brought up to date. */
async function regrouping<T>(lib: Parameters<typeof nearDuplicatesChanged>[0], write: Promise<T>): Promise<T> {
  const done = await write
  await nearDuplicatesChanged(lib)
  return done
}

export const trashHandlers = {
  'media:delete-preview': ({ ids }, lib) => previewDelete(lib, ids),
  'media:delete': ({ ids }, lib) => regrouping(lib, deleteAssets(lib, ids)),
  'trash:list': ({ limit }, lib) => listTrash(lib, limit),
  'trash:undo': ({ batchId }, lib) => regrouping(lib, undoDelete(lib, batchId)),
  'trash:empty': ({ batchId }, lib) => emptyTrash(lib, batchId),
} satisfies HandlerGroup
