import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, inject, it } from 'vitest'
import { ffprobeOnPath, resolveMediaTools } from '../../main/media/media-tools'
import { cli } from '../helpers/cli'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const { ffprobe } = resolveMediaTools()

/** A folder with an ffprobe that kills itself with SIGSEGV (as the bundled one does on MPEG-TS here), and one with a working ffprobe. */
function tools() {
  const dir = tempDir()
  const crashing = path.join(dir, 'crashing', 'ffprobe')
  mkdirSync(path.dirname(crashing))
  writeFileSync(crashing, '#!/bin/sh\nkill -SEGV $$\n', { mode: 0o755 })
  const bin = path.join(dir, 'bin')
  mkdirSync(bin)
  symlinkSync(ffprobe, path.join(bin, 'ffprobe'))
  return { crashing, bin }
}

function rows(library: string): Array<{ name: string; metadata: string }> {
  const db = new Database(path.join(library, 'library.db'), { readonly: true })
  try {
    return db.prepare<[], { name: string; metadata: string }>('SELECT name, metadata FROM videos').all()
  } finally {
    db.close()
  }
}

describe('ffprobe fallback', () => {
  it('retries a file the configured ffprobe crashes on with the ffprobe on PATH, and records which one read it', async () => {
    const { crashing, bin } = tools()
    const library = tempDir()
    // FRAMEVAULT_PROBE=ffprobe: the clip would otherwise be read in process, never reaching either ffprobe.
    const env = {
      FRAMEVAULT_PROBE: 'ffprobe',
      FRAMEVAULT_FFPROBE: crashing,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    }
    const result = await cli(['import', '--no-thumbnails', '--library', library, fixtures.mp4], { env })
    expect(result.stderr).toMatch(/1 imported, 0 duplicates, 0 failed/)
    expect(result.code).toBe(0)
    const [row] = rows(library)
    expect(JSON.parse(row!.metadata)).toMatchObject({ probedWith: path.join(bin, 'ffprobe'), videoCodec: 'h264' })
  })

  it('says that ffprobe crashed when there is no other ffprobe to try', async () => {
    const { crashing } = tools()
    const library = tempDir()
    const result = await cli(['import', '--no-thumbnails', '--library', library, fixtures.mp4], {
      // PATH names only an empty folder: this machine may have an ffprobe of its own (Debian's, say).
      env: { FRAMEVAULT_PROBE: 'ffprobe', FRAMEVAULT_FFPROBE: crashing, PATH: tempDir() },
    })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toMatchObject({
      outcome: 'failed',
      reason: 'Not a readable video: ffprobe crashed (it was killed by SIGSEGV)',
    })
  })

  it('records the configured ffprobe when it reads the file, and never falls back to the same file', async () => {
    const { bin } = tools()
    expect(ffprobeOnPath(ffprobe, { PATH: bin })).toBeNull()
    expect(ffprobeOnPath('/elsewhere/ffprobe', { PATH: `relative${path.delimiter}${bin}` })).toBe(
      path.join(bin, 'ffprobe'),
    )
    const library = tempDir()
    const result = await cli(['import', '--no-thumbnails', '--library', library, fixtures.png], {
      env: { FRAMEVAULT_PROBE: 'ffprobe' },
    })
    expect(result.code).toBe(0)
    expect(JSON.parse(rows(library)[0]!.metadata)).toMatchObject({ probedWith: ffprobe })
  })
})
