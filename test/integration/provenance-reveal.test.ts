import { rmSync } from 'node:fs'
import { describe, expect, inject, it, vi } from 'vitest'
import { dispatch } from '../../main/dispatch'
import { httpStatusOf } from '../../main/web/http-replies'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Electron cannot run here; its shell is replaced by a recorder, the library behind it is real.
const shown = vi.hoisted(() => [] as string[])
vi.mock('electron', () => ({ shell: { showItemInFolder: (file: string) => shown.push(file) } }))

const { revealInFolder } = await import('../../main/electron/reveal-file')
const fx = inject('fixtures')

describe('media:reveal under Electron', () => {
  it("shows a copied asset's library file, and a linked asset's original, in the OS file manager", async () => {
    shown.length = 0
    const lib = testLibrary(tempDir(), { revealFile: revealInFolder })
    const copied = itemFor((await importAndWait(lib, [fx.mp4])).items, fx.mp4).asset!
    const linked = itemFor((await importAndWait(lib, [fx.png], true)).items, fx.png).asset!

    expect(await dispatch(lib, 'media:reveal', { id: copied.id })).toEqual({
      ok: true,
      data: { id: copied.id, path: copied.filePath },
    })
    expect(await dispatch(lib, 'media:reveal', { id: linked.id })).toMatchObject({ ok: true, data: { path: fx.png } })
    expect(shown).toEqual([copied.filePath, fx.png])
  })

  it('refuses a missing file or an unknown id without calling the shell', async () => {
    shown.length = 0
    const lib = testLibrary(tempDir(), { revealFile: revealInFolder })
    const copied = itemFor((await importAndWait(lib, [fx.mp4])).items, fx.mp4).asset!
    rmSync(copied.filePath)
    expect(await dispatch(lib, 'media:reveal', { id: copied.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    expect(await dispatch(lib, 'media:reveal', { id: 'unknown' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    expect(shown).toEqual([])
  })

  it('is unsupported (HTTP 400 on the web host: not a server fault) where the host has no file manager', async () => {
    const lib = testLibrary()
    const copied = itemFor((await importAndWait(lib, [fx.mp4])).items, fx.mp4).asset!
    const answer = await dispatch(lib, 'media:reveal', { id: copied.id })
    expect(answer).toMatchObject({ ok: false, error: { code: 'unsupported' } })
    expect(httpStatusOf('unsupported')).toBe(400)
  })
})
