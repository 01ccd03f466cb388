import { describe, expect, it } from 'vitest'
import { withSidecars } from '../../main/cli/hub-import'

const found = (name: string) => ({ path: `/drop/${name}`, name, size: 1, error: null })
const names = (groups: Array<Array<{ name: string }>>) => groups.map((group) => group.map((file) => file.name))

describe('import --hub batches: a video and the files named after it go together', () => {
  it('keeps subtitles and VideoHelperSuite’s PNG with their video, in whatever order the files came', () => {
    const files = ['a.en.srt', 'b.mp4', 'frame.0001.png', 'a.mp4', 'clip-audio.mp4', 'clip.png', 'a.b.mov', 'a.b.srt']
    expect(names(withSidecars(files.map(found)))).toEqual([
      ['b.mp4'],
      ['a.mp4', 'a.en.srt'],
      ['clip-audio.mp4', 'clip.png'],
      ['a.b.mov', 'a.b.srt'],
      ['frame.0001.png'],
    ])
  })

  it('puts two videos of one stem in one group, and every other file alone', () => {
    const files = ['x.mp4', 'x.mov', 'x.srt', 'y.jpg', 'y.png', 'notes.txt']
    expect(names(withSidecars(files.map(found)))).toEqual([
      ['x.mp4', 'x.mov', 'x.srt'],
      ['y.jpg'],
      ['y.png'],
      ['notes.txt'],
    ])
  })
})
