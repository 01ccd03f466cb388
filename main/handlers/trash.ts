import { deleteAssets, emptyTrash, listTrash, previewDelete, undoDelete } from '../services/trash/trash'
import type { HandlerGroup } from './handler-types'

export const trashHandlers = {
  'media:delete-preview': ({ ids }, lib) => previewDelete(lib, ids),
  'media:delete': ({ ids }, lib) => deleteAssets(lib, ids),
  'trash:list': ({ limit }, lib) => listTrash(lib, limit),
  'trash:undo': ({ batchId }, lib) => undoDelete(lib, batchId),
  'trash:empty': ({ batchId }, lib) => emptyTrash(lib, batchId),
} satisfies HandlerGroup
