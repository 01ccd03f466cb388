import { describe, expect, inject, it, vi } from 'vitest'
import type { BackupProgress } from '../../shared/contract'
import { backUp, backupRunOf, backupsQuery, followBackups } from '../../renderer/src/features/settings/backups'
import { onScreen, storeOver } from '../helpers/app-store'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')

describe('backups in the query cache over the real backend', () => {
  it("runs this window's backup to its end, and a late tick does not bring the run back", async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.mp4])
    const { client, cache, stop } = storeOver(lib, '#/settings')
    const unfollow = followBackups(client, cache)
    const list = onScreen(cache, backupsQuery(client))
    await vi.waitFor(() => expect(list.current().data?.backups).toEqual([]))
    const ticks: BackupProgress[] = []
    lib.events.subscribe((event) => {
      if (event.name === 'library:backup-progress' && backupRunOf(cache).status === 'running') ticks.push(event.payload)
    })

    const running = backUp(client, cache)
    expect(backupRunOf(cache)).toEqual({ status: 'running', pagesDone: 0, pagesTotal: 0 })
    await running
    const run = backupRunOf(cache)
    expect(run).toMatchObject({ status: 'done', result: { name: expect.stringMatching(/^library-.*\.db$/) } })
    const { name, bytes } = run.status === 'done' ? run.result : { name: '', bytes: 0 }
    expect(ticks.at(-1)).toMatchObject({ name, done: true, pagesTotal: bytes / 4096 })
    await vi.waitFor(() => expect(list.current().data?.backups.map((backup) => backup.name)).toEqual([name]))

    lib.events.emit('library:backup-progress', { name, pagesDone: 1, pagesTotal: 9, done: false })
    expect(backupRunOf(cache).status).toBe('done')
    list.stop()
    unfollow()
    stop()
  })

  it("lists another window's finished backup, and hands a failure to the run", async () => {
    const lib = testLibrary()
    const { client, cache, stop } = storeOver(lib, '#/settings')
    const unfollow = followBackups(client, cache)
    const list = onScreen(cache, backupsQuery(client))
    await vi.waitFor(() => expect(list.current().data?.backups).toEqual([]))

    const other = await call<{ name: string }>(lib, 'library:backup', {})
    await vi.waitFor(() => expect(list.current().data?.backups.map((backup) => backup.name)).toEqual([other.name]))
    expect(backupRunOf(cache)).toEqual({ status: 'idle' })

    vi.spyOn(client, 'library:backup').mockRejectedValueOnce(new Error('disk full'))
    await backUp(client, cache)
    expect(backupRunOf(cache)).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('disk full') },
    })
    list.stop()
    unfollow()
    stop()
  })
})
