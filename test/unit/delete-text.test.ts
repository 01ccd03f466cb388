import { describe, expect, it } from 'vitest'
import type { DeletePreview } from '../../shared/contract'
import {
  deletePreviewLines,
  deleteTitle,
  deletedText,
  undoneText,
} from '../../renderer/src/features/organise/delete-text'

const preview = (patch: Partial<DeletePreview>): DeletePreview => ({
  assets: 0,
  copied: { count: 0, bytes: 0 },
  linked: { count: 0, bytes: 0 },
  notFound: [],
  items: [],
  ...patch,
})

describe('what the delete confirmation says', () => {
  it('names copied files with their bytes, linked originals left in place, and unknown ids', () => {
    const lines = deletePreviewLines(
      preview({
        assets: 5,
        copied: { count: 3, bytes: 1.2 * 1024 ** 3 },
        linked: { count: 2, bytes: 10 },
        notFound: ['x'],
      }),
    )
    expect(lines).toEqual([
      "3 copied files (1.2 GiB) and their thumbnails move to the library's trash.",
      '2 linked originals stay where they are; only their entries are removed.',
      '1 asset is no longer in the library and will be skipped.',
    ])
    expect(deleteTitle(5)).toBe('Delete 5 assets?')
  })

  it('speaks of one asset in the singular', () => {
    expect(deletePreviewLines(preview({ assets: 1, copied: { count: 1, bytes: 2048 } }))).toEqual([
      "1 copied file (2.0 KiB) and its thumbnails move to the library's trash.",
    ])
    expect(deletePreviewLines(preview({ assets: 1, linked: { count: 1, bytes: 1 } }))).toEqual([
      '1 linked original stays where it is; only its entry is removed.',
    ])
    expect(deleteTitle(1)).toBe('Delete 1 asset?')
  })

  it('says in the undo bar what did not go as asked, and what an undo left in the trash', () => {
    const result = {
      batchId: 'b',
      deleted: 4,
      copied: { count: 4, bytes: 1 },
      linked: { count: 0, originalsLeftInPlace: 0 },
      thumbnails: { count: 0, bytes: 0 },
      missingFiles: ['m'],
      filesKept: [],
      failed: [{ id: 'f', reason: 'busy' }],
      notFound: [],
    }
    expect(deletedText(result)).toBe('Deleted 4 assets; 1 asset could not be deleted; 1 file was already missing')
    expect(
      undoneText({
        batchId: 'b',
        restored: ['a', 'b'],
        files: 2,
        droppedLinks: 0,
        kept: [{ id: 'c', reason: 'another file is at its library path now' }],
        state: 'trashed',
      }),
    ).toBe('2 assets are back; 1 stayed in the trash (another file is at its library path now)')
  })
})
