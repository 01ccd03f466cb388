import { describe, expect, it } from 'vitest'
import type { WatchEvent, WatchFolder } from '../../shared/contract'
import {
  collapseWaiting,
  eventWords,
  fileShown,
  folderShown,
  pathProblem,
} from '../../renderer/src/features/watch-folders/watch-words'

const folder: WatchFolder = {
  id: 1,
  path: '/home/you/ComfyUI/output',
  mode: 'copy',
  paused: false,
  createdAt: '2026-01-01T00:00:00Z',
  files: 0,
  problem: null,
}
let next = 0
const event = (kind: WatchEvent['kind'], path: string | null, detail: string | null = null): WatchEvent => ({
  id: ++next,
  folderId: 1,
  at: '2026-01-01T00:00:00Z',
  kind,
  path,
  detail,
})

describe('watch folder words', () => {
  it('shows a file under its folder relative to it, and a folder by its last two parts', () => {
    expect(fileShown('/home/you/ComfyUI/output/day 2/kite_00001.mp4', folder)).toBe('day 2/kite_00001.mp4')
    // A sibling folder sharing the prefix is not "inside".
    expect(fileShown('/home/you/ComfyUI/output-old/kite.mp4', folder)).toBe('kite.mp4')
    expect(fileShown('C:\\renders\\kite.mp4', undefined)).toBe('kite.mp4')
    expect(folderShown('/home/you/ComfyUI/output/')).toBe('ComfyUI/output')
    expect(folderShown('/')).toBe('/')
  })

  it('says what happened in words', () => {
    expect(eventWords(event('waiting', '/a.mp4', 'still being written'))).toBe('waiting — still being written')
    expect(eventWords(event('duplicate', '/a.mp4', 'same content as kite.mp4'))).toBe('duplicate of kite.mp4')
    expect(eventWords(event('failed', '/a.mp4', 'no video or audio stream'))).toBe('failed: no video or audio stream')
    expect(eventWords(event('missing', null))).toMatch(/^folder missing/)
    expect(eventWords(event('refused', null, 'The folder has become a link to /x.'))).toBe(
      'folder not watched: The folder has become a link to /x.',
    )
    expect(eventWords(event('found', null))).toBe('folder there again — watching goes on')
  })

  it("keeps one 'still being written' per run of a file's waiting notes, other files' between them or not", () => {
    const newestFirst = [
      event('imported', '/o/a.mp4'),
      event('waiting', '/o/a.mp4'),
      event('waiting', '/o/b.mp4'),
      event('waiting', '/o/a.mp4'),
      event('waiting', '/o/a.mp4'),
      event('paused', null),
      event('waiting', '/o/b.mp4'),
    ]
    expect(collapseWaiting(newestFirst).map((one) => `${one.kind} ${one.path}`)).toEqual([
      'imported /o/a.mp4',
      'waiting /o/a.mp4',
      'waiting /o/b.mp4',
      'paused null',
    ])
  })

  it('asks for a whole path before the backend is asked', () => {
    expect(pathProblem('ComfyUI/output')).toMatch(/whole path/)
    expect(pathProblem('')).toMatch(/Type the folder/)
    expect(pathProblem('/home/you/ComfyUI/output')).toBeNull()
    expect(pathProblem('D:\\ComfyUI\\output')).toBeNull()
  })
})
