import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openLibrary } from '../../main/app/open-library'
import { pidIsAlive } from '../../main/jobs/process-owner'
import { backupDatabase } from '../../main/services/library/backup'
import { restoreLibrary } from '../../main/services/library/restore'
import type { BackupResult } from '../../shared/contract'
import { call } from '../helpers/browse'
import { testLibrary } from '../helpers/library'
import { deadPid, sleepingProcess } from '../helpers/processes'
import { tempDir } from '../helpers/temp-dir'

/** What a backup killed midway by process `pid` leaves in `folder`: its temp copy and the journal beside it. */
function leftoversOf(folder: string, pid: number): string[] {
  const temp = `.library-2026-11-22T10-00-00-000Z.db.${pid}-0b6f5f3c-1a2b-4c3d-8e4f-5a6b7c8d9e0f.tmp`
  const names = [temp, `${temp}-journal`]
  for (const name of names) writeFileSync(path.join(folder, name), 'half a database')
  return names
}

describe('a backup killed midway', () => {
  it('leaves no temp file after the next open; a running backup keeps its own, and backups stay', async () => {
    const dir = tempDir()
    const first = openLibrary(dir)
    const { name } = await call<BackupResult>(first, 'library:backup', {})
    await first.close()
    const folder = path.join(dir, 'backups')
    leftoversOf(folder, await deadPid())
    const running = leftoversOf(folder, await sleepingProcess())

    const lib = testLibrary(dir)
    await lib.close()
    expect(readdirSync(folder).sort()).toEqual([...running, name].sort())
  })

  it('leaves none after the next backup either', async () => {
    const lib = testLibrary()
    const folder = path.join(lib.dir, 'backups')
    mkdirSync(folder)
    // Its writer runs while the library opens, and is killed before the next backup.
    const writer = await sleepingProcess()
    leftoversOf(folder, writer)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(readdirSync(folder)).toHaveLength(2)
    process.kill(writer, 'SIGKILL')
    await expect.poll(() => pidIsAlive(writer)).toBe(false)
    const { name } = await call<BackupResult>(lib, 'library:backup', {})
    expect(readdirSync(folder)).toEqual([name])
  })

  it('to a file outside the library leaves none after the next backup into that folder; a live one keeps its own', async () => {
    const lib = testLibrary()
    const outside = tempDir()
    writeFileSync(path.join(outside, 'notes.txt'), 'mine')
    leftoversOf(outside, await deadPid())
    const running = leftoversOf(outside, await sleepingProcess())
    await backupDatabase(lib.sqlite.db, undefined, path.join(outside, 'copy.db'))
    expect(readdirSync(outside).sort()).toEqual(['copy.db', 'notes.txt', ...running].sort())
  })
})

describe('a restore killed midway', () => {
  /** A library's backup file, and a folder as a restore into it left it when killed: its marker and `files`. */
  async function killedRestore(pid: number, files: (backup: string) => Record<string, string | Buffer>) {
    const lib = testLibrary()
    const { path: backup } = await call<BackupResult>(lib, 'library:backup', {})
    const target = path.join(tempDir(), 'restored')
    mkdirSync(target)
    writeFileSync(path.join(target, `.framevault-restore.${pid}`), '')
    for (const [name, content] of Object.entries(files(backup))) writeFileSync(path.join(target, name), content)
    return { backup, target }
  }
  const copyTemp = (pid: number) => `.library.db.${pid}-0b6f5f3c-1a2b-4c3d-8e4f-5a6b7c8d9e0f.tmp`

  it('is started again by the same restore, whether it died copying or after the copy', async () => {
    const pid = await deadPid()
    const copying = await killedRestore(pid, () => ({ [copyTemp(pid)]: 'half', [`${copyTemp(pid)}-journal`]: 'j' }))
    expect(await restoreLibrary(copying.backup, copying.target)).toMatchObject({ path: copying.target })
    expect(readdirSync(copying.target)).toEqual(['library.db'])

    const copied = await killedRestore(pid, (backup) => ({ 'library.db': readFileSync(backup) }))
    expect(await restoreLibrary(copied.backup, copied.target)).toMatchObject({ interruptedJobs: 0 })
    expect(readdirSync(copied.target)).toEqual(['library.db'])
  })

  it('is refused while its process runs, and a folder holding anything else stays untouched', async () => {
    const live = await killedRestore(await sleepingProcess(), () => ({ 'library.db': 'being written' }))
    await expect(restoreLibrary(live.backup, live.target)).rejects.toThrow(/A restore into .* is running/)
    const foreign = await killedRestore(await deadPid(), () => ({ 'notes.txt': 'mine' }))
    await expect(restoreLibrary(foreign.backup, foreign.target)).rejects.toThrow(/is not empty/)
    expect(readdirSync(foreign.target).sort()).toEqual([expect.stringMatching(/^\.framevault-restore\./), 'notes.txt'])
  })

  it('leaves a folder that does not open as a library, whatever point it died at, until the restore is run again', async () => {
    const pid = await deadPid()
    const states = {
      copying: () => ({ [copyTemp(pid)]: 'half' }),
      staged: (backup: string) => ({ '.library.db.restoring': readFileSync(backup) }),
      // What a restore stopped after its rename left before the copy was given its own identity.
      renamed: (backup: string) => ({ 'library.db': readFileSync(backup) }),
    }
    for (const [point, files] of Object.entries(states)) {
      const { backup, target } = await killedRestore(pid, files)
      expect(() => openLibrary(target), point).toThrow(
        `${target} holds a restore that has not finished (process ${pid}); restore the backup into it again, or into an empty folder, then open it.`,
      )
      const restored = await restoreLibrary(backup, target)
      expect(readdirSync(target), point).toEqual(['library.db'])
      const lib = testLibrary(target)
      expect(await lib.catalog.repos.meta.get('library_id'), point).toBe(restored.id)
      expect(restored.id).not.toBe(restored.restoredFrom)
    }
  })
})
