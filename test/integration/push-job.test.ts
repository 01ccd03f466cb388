import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { JobOf, PushPreview } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { librarySource } from '../../main/app/library-session'
import { openLibrary } from '../../main/app/open-library'
import { addPerson, startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import { startWebHost } from '../../main/web/web-host'
import { dispatch } from '../../main/dispatch'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'

// Issue 64 point 2: push is a library-to-hub sync the app offers too ("Send to team library…"), with the CLI's
// dry-run as its preview and the push as a job of the library's own, its token never stored.
const fx = inject('fixtures')
const closing: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
})

/** A team library of its own folder served with people (a folder hub): its address, an editor's and a viewer's token. */
async function teamLibrary(): Promise<{ team: Library; address: string; editor: string; viewer: string }> {
  const team = openLibrary(tempDir())
  await startToken(team)
  const editor = (await addPerson(team, { name: 'Eddie', role: 'editor' }, 'admin')).token
  const viewer = (await addPerson(team, { name: 'Vera', role: 'viewer' }, 'admin')).token
  const host = await startWebHost({
    library: team,
    rendererDir: tempDir(),
    port: 0,
    access: peopleAccess(librarySource(team)),
  })
  closing.push(
    () => team.close(),
    () => host.close(),
  )
  return { team, address: `http://127.0.0.1:${host.port}`, editor, viewer }
}

/** The error a call answers (the test fails should it succeed). */
async function callError(lib: Library, channel: string, input: unknown) {
  const answer = await dispatch(lib, channel, input)
  if (answer.ok) throw new Error(`${channel} answered ok`)
  return answer.error
}

async function ownLibrary(): Promise<Library> {
  const lib = openLibrary(tempDir())
  closing.push(() => lib.close())
  await importAndWait(lib, [fx.mp4, fx.png])
  return lib
}

describe('Send to team library (push:preview, push:start)', () => {
  it('previews, changing nothing, then sends as a job whose token is kept nowhere on disk', async () => {
    const { team, address, editor } = await teamLibrary()
    const lib = await ownLibrary()
    const request = { address, token: editor }

    const preview = await call<PushPreview>(lib, 'push:preview', request)
    expect(preview).toMatchObject({ origin: address, send: 2, alreadyThere: 0, skippedCount: 0 })
    expect(preview.sendNames.sort()).toEqual([path.basename(fx.mp4), path.basename(fx.png)].sort())
    expect((await call<{ items: unknown[] }>(team, 'media:list', {})).items).toHaveLength(0)

    const { job } = await call<{ job: JobOf<'push'> }>(lib, 'push:start', request)
    expect(job.params).toEqual({ origin: address, collections: 'all' })
    await lib.jobs.settled(job.id)
    const ended = (await call<{ job: JobOf<'push'> }>(lib, 'jobs:get', { jobId: job.id })).job
    expect(ended.state).toBe('done')
    expect(ended.result).toMatchObject({ assets: 2, sent: 2, alreadyThere: 0, failed: 0, skipped: 0 })
    expect(ended.result!.summary).toMatch(/^Pushed 2 asset\(s\): 2 sent/)
    expect((await call<{ items: unknown[] }>(team, 'media:list', {})).items).toHaveLength(2)
    // The token went to the hub, not into the library's database.
    expect(readFileSync(path.join(lib.dir, 'library.db')).includes(editor)).toBe(false)

    // Again: nothing new to send.
    expect(await call<PushPreview>(lib, 'push:preview', request)).toMatchObject({ send: 0, alreadyThere: 2 })
  })

  it('refuses in words: a token the hub does not take, a viewer, a team library sending itself on', async () => {
    const { team, address, viewer } = await teamLibrary()
    const lib = await ownLibrary()
    expect(await callError(lib, 'push:preview', { address, token: 'fvt_nobody' })).toMatchObject({
      code: 'unauthorized',
      message: `${address} did not take this token: ask the hub’s admin for yours.`,
    })
    expect(await callError(lib, 'push:start', { address, token: viewer })).toMatchObject({
      code: 'forbidden',
      message: `Vera is a viewer of ${address}: only editors and admins can send files there.`,
    })
    expect(await callError(lib, 'push:preview', { address: 'http://192.0.2.1:8080', token: viewer })).toMatchObject({
      code: 'validation',
      message: expect.stringContaining('is not on this machine: reach it by https://'),
    })
    const { jobs } = await call<{ jobs: unknown[] }>(lib, 'jobs:list', {})
    expect(jobs.filter((job) => (job as { kind: string }).kind === 'push')).toEqual([])
    expect(team.sqlite).not.toBeNull()
  })
})
