import type { DeletePreview, DeleteResult, UndoResult } from '../../../../shared/contract'
import { formatBytes } from '../../format'

const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n.toLocaleString()} ${many}`)

/** The confirmation's sentences: what happens to copied files, linked originals and unknown ids. */
export function deletePreviewLines(preview: DeletePreview): string[] {
  const lines: string[] = []
  const { copied, linked } = preview
  if (copied.count > 0) {
    const files = count(copied.count, 'copied file', 'copied files')
    const their = copied.count === 1 ? 'its' : 'their'
    lines.push(`${files} (${formatBytes(copied.bytes)}) and ${their} thumbnails move to the library's trash.`)
  }
  if (linked.count > 0) {
    const originals = count(linked.count, 'linked original stays', 'linked originals stay')
    lines.push(
      `${originals} where ${linked.count === 1 ? 'it is' : 'they are'}; only ${entries(linked.count)} removed.`,
    )
  }
  const gone = preview.notFound.length
  if (gone > 0) lines.push(`${count(gone, 'asset is', 'assets are')} no longer in the library and will be skipped.`)
  return lines
}

const entries = (n: number) => (n === 1 ? 'its entry is' : 'their entries are')

/** The dialog's title: "Delete 3 assets?" */
export function deleteTitle(assets: number): string {
  return `Delete ${count(assets, 'asset', 'assets')}?`
}

/** The undo bar's text for a delete, with what did not go as asked. */
export function deletedText(result: DeleteResult): string {
  const parts = [`Deleted ${count(result.deleted, 'asset', 'assets')}`]
  if (result.failed.length > 0) parts.push(`${count(result.failed.length, 'asset', 'assets')} could not be deleted`)
  if (result.missingFiles.length > 0)
    parts.push(`${count(result.missingFiles.length, 'file was', 'files were')} already missing`)
  return parts.join('; ')
}

/** The undo bar's text after an undo: what came back and what stayed in the trash. */
export function undoneText(undone: UndoResult): string {
  const back = `${count(undone.restored.length, 'asset is', 'assets are')} back`
  return undone.kept.length === 0
    ? back
    : `${back}; ${count(undone.kept.length, 'stayed', 'stayed')} in the trash (${undone.kept[0].reason})`
}
