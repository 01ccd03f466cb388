import { execFileSync } from 'node:child_process'
import { renameSync, rmSync, symlinkSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { openLibrarySession, type LibrarySession } from '../../main/app/library-session'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import type { BackupResult, Job, LibraryRestores, RestoreResult } from '../../shared/contract'
import type { ErrorShape } from '../../shared/errors'
import { call } from '../helpers/browse'
import { VIDEO_VARIANTS, writeVideoVariants } from '../helpers/footage-variants'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const sessions: LibrarySession[] = []

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()))
})

function session(dir = tempDir()): LibrarySession {
  const opened = openLibrarySession(dir)
  sessions.push(opened)
  return opened
}

async function refusal(lib: LocalLibrary, channel: string, input: unknown): Promise<ErrorShape> {
  const envelope = await dispatch(lib, channel, input)
  if (envelope.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`)
  return envelope.error
}

async function restoreFrom(lib: LocalLibrary): Promise<RestoreResult> {
  const backup = await call<BackupResult>(lib, 'library:backup', {})
  return call<RestoreResult>(lib, 'library:restore', { backup: backup.name, target: path.join(tempDir(), 'restored') })
}

describe('library:open', () => {
  it('refuses any folder but a restore of this library or its origin, with words, and stays on the open one', async () => {
    const host = session()
    const lib = host.current
    const stranger = testLibrary()
    const cases: [unknown, ErrorShape['code'], RegExp][] = [
      [{ path: stranger.dir }, 'forbidden', /is not a library restored from this one or the one it came from/],
      [{ path: lib.dir }, 'forbidden', /only those can be opened here/],
      [{ path: '/' }, 'forbidden', /^\/ is not a library restored/],
      [{ path: 'relative/folder' }, 'validation', /Paths must be absolute/],
      [{ path: 'C:\\Users\\someone\\library' }, 'validation', /is not an absolute path here/],
      [{ path: stranger.dir, extra: true }, 'validation', /Unrecognized key/],
      [{}, 'validation', /path/],
    ]
    for (const [input, code, words] of cases) {
      const error = await refusal(lib, 'library:open', input)
      expect({ input, code: error.code }).toEqual({ input, code })
      expect(error.message).toMatch(words)
    }
    expect(host.current).toBe(lib)
    expect(lib.sqlite.db.open).toBe(true)
  })

  it('is unsupported where the host cannot switch (the CLI, tests that open one library)', async () => {
    const lib = testLibrary()
    const restored = await restoreFrom(lib)
    const error = await refusal(lib, 'library:open', { path: restored.path })
    expect(error).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/cannot open another library/) })
  })

  it('refuses, in words, while jobs of this library run; opens once they have ended', async () => {
    const host = session()
    const lib = host.current
    const restored = await restoreFrom(lib)
    // A history import that reads a named pipe runs until something is written to it.
    const pipe = path.join(tempDir(), 'clip-history.json')
    execFileSync('mkfifo', [pipe])
    // Written without blocking this thread: the job may not have opened the pipe yet (it starts after start returns).
    const release = () => writeFile(pipe, '{}')
    const job = await lib.jobs.start(
      'history-import',
      { historyPath: pipe, outputDir: tempDir() },
      { title: 'Scenes of clip.mp4' },
    )
    const error = await refusal(lib, 'library:open', { path: restored.path })
    expect(error.code).toBe('conflict')
    expect(error.message).toBe(
      '1 job is still running in this library (“Scenes of clip.mp4”). Wait for it to finish or cancel it on the Jobs page, then open the other library.',
    )
    expect(host.current).toBe(lib)
    await release()
    await lib.jobs.settled(job.id)
    expect(await call(lib, 'library:open', { path: restored.path })).toEqual({
      path: restored.path,
      name: restored.name,
    })
    expect(host.current.dir).toBe(restored.path)
  })

  it('pauses background hashing at a switch instead of refusing it, and resumes it when the library is back', async () => {
    const host = session()
    const original = host.current
    const footage = tempDir()
    await writeVideoVariants(footage)
    await importAndWait(
      original,
      ['source.mp4', 'unrelated.mp4', ...VIDEO_VARIANTS.map((v) => v.name)].map((name) => path.join(footage, name)),
    )
    const restored = await restoreFrom(original)
    const { job } = await call<{ job: Job }>(original, 'similar:hash-all', {})
    // Opened while it hashes: no refusal (issue 37 point 5), the job handed back, queued, with what it hashed kept.
    expect(await call(original, 'library:open', { path: restored.path })).toEqual({
      path: restored.path,
      name: restored.name,
    })
    expect(original.sqlite.db.open).toBe(false)
    await call(host.current, 'library:open', { path: original.dir })
    const back = host.current
    // Taken over by the sweep at open.
    await back.jobs.swept
    expect((await back.jobs.get(job.id)).state).toMatch(/^(queued|running|done)$/)
    await back.jobs.settled(job.id)
    expect((await back.jobs.get(job.id)).state).toBe('done')
    expect(await call(back, 'similar:status', {})).toMatchObject({ hashed: 8, waiting: 0, failed: 0 })
  }, 120_000)

  it('says so when a restore is listed but its folder no longer holds a library', async () => {
    const host = session()
    const restored = await restoreFrom(host.current)
    rmSync(restored.databasePath)
    const error = await refusal(host.current, 'library:open', { path: restored.path })
    expect(error).toEqual({
      code: 'not_found',
      message: `${restored.name} cannot be opened: ${restored.path} no longer holds a library.`,
      details: { path: restored.path },
    })
  })

  it('switches to a restore and back: each is the library the channels reach, the closed one released', async () => {
    const host = session()
    const original = host.current
    await importAndWait(original, [fixtures.mp4])
    const restored = await restoreFrom(original)
    await importAndWait(original, [fixtures.png])

    expect(await call(original, 'library:open', { path: restored.path })).toEqual({
      path: restored.path,
      name: restored.name,
    })
    const copy = host.current
    expect(copy.dir).toBe(restored.path)
    expect(original.sqlite.db.open).toBe(false)
    expect((await call<{ items: unknown[] }>(copy, 'media:list', {})).items).toHaveLength(1)
    const there = await call<LibraryRestores>(copy, 'library:restores', {})
    expect(there.previous).toEqual({ path: original.dir, name: 'Framevault library', unavailable: null })
    expect(there.origin?.library?.path).toBe(original.dir)
    expect(there.canOpen).toBe(true)

    await call(copy, 'library:open', { path: original.dir })
    const back = host.current
    expect(back.dir).toBe(original.dir)
    expect(copy.sqlite.db.open).toBe(false)
    expect((await call<{ items: unknown[] }>(back, 'media:list', {})).items).toHaveLength(2)
    const home = await call<LibraryRestores>(back, 'library:restores', {})
    expect(home.previous).toEqual({ path: restored.path, name: restored.name, unavailable: null })
  })

  it('refuses a restore whose folder was swapped for a symlink to another library, listing it as such, and stays', async () => {
    const host = session()
    const original = host.current
    const restored = await restoreFrom(original)
    const stranger = testLibrary()
    await stranger.catalog.repos.meta.set('name', 'Somebody else')
    renameSync(restored.path, `${restored.path}-moved`)
    symlinkSync(stranger.dir, restored.path)
    const why = `${restored.path} now holds another library (“Somebody else”) than the one recorded there.`
    const listed = await call<LibraryRestores>(original, 'library:restores', {})
    expect(listed.restores).toMatchObject([{ path: restored.path, name: 'Somebody else', unavailable: why }])
    const error = await refusal(original, 'library:open', { path: restored.path })
    expect(error).toEqual({
      code: 'not_found',
      message: `Somebody else cannot be opened: ${why}`,
      details: { path: restored.path },
    })
    expect(host.current).toBe(original)
  })

  it('checks the library again as it opens: a folder swapped after the listing is not opened', async () => {
    const host = session()
    const original = host.current
    const restored = await restoreFrom(original)
    const stranger = testLibrary()
    const open = original.switchLibrary!.open
    // The swap lands between openOtherLibrary's listing and the switch itself.
    original.switchLibrary!.open = (dir, expectedId) => {
      renameSync(restored.path, `${restored.path}-moved`)
      symlinkSync(stranger.dir, restored.path)
      return open(dir, expectedId)
    }
    const error = await refusal(original, 'library:open', { path: restored.path })
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining('now holds another library') })
    expect(host.current).toBe(original)
    expect(original.sqlite.db.open).toBe(true)
  })
})
