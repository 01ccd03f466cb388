import { describe, expect, it } from 'vitest'
import { filesOfEntries, type DropEntry } from '../../renderer/src/features/import/dropped-files'

// Synthetic drops in Chromium carry no folders, so folder expansion is tested on entries shaped like
// the browser's FileSystemEntry API, with readEntries handing out batches as Chromium does.
function file(name: string): DropEntry {
  return { name, isFile: true, isDirectory: false, file: (ok) => ok(new File([name], name)) }
}
function folder(name: string, children: DropEntry[], batch = 2): DropEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let next = 0
      return {
        readEntries(ok) {
          ok(children.slice(next, next + batch))
          next += batch
        },
      }
    },
  }
}

describe('dropped folders in the browser', () => {
  it('expands folders recursively in name order, reading every batch, skipping dot files inside folders', async () => {
    const drop = [
      file('loose.mp4'),
      folder('shoot', [
        file('b.mp4'),
        file('.DS_Store'),
        folder('day2', [file('c.jpg')]),
        file('a.mov'),
        file('d.png'),
      ]),
      file('.hidden-but-chosen.mp4'),
    ]
    const files = await filesOfEntries(drop)
    expect(files.map((f) => f.name)).toEqual([
      'loose.mp4',
      'a.mov',
      'b.mp4',
      'd.png',
      'c.jpg',
      '.hidden-but-chosen.mp4',
    ])
  })

  it('rejects when a file cannot be read, so the caller can fall back to the plain drop', async () => {
    const unreadable: DropEntry = {
      name: 'x.mp4',
      isFile: true,
      isDirectory: false,
      file: (_ok, fail) => fail(new Error('gone')),
    }
    await expect(filesOfEntries([folder('f', [unreadable])])).rejects.toThrow('gone')
  })
})
