import type { ChildProcess } from 'node:child_process'
import { copyFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { ImportJob, Job, JobQueue, MediaAsset } from '../../shared/contract'
import type { WorkerSetup } from '../../main/hub/worker-setup'
import { emptyHubDatabase } from '../helpers/sql-engines'
import { spawnCli } from '../helpers/cli'
import { fakeRenderer, startHostCli, stopChild, type StartedHost } from '../helpers/host-cli'
import { http, postChannel } from '../helpers/http'
import { until } from '../helpers/hub-workers'
import { untilPrinted } from '../helpers/printed'
import { tempDir } from '../helpers/temp-dir'

// Issue 61 point 4: workers across a hub's restart, and the hub's helper workers across another hub's start.

const workers: ChildProcess[] = []
afterEach(async () => {
  await Promise.all(workers.splice(0).map(stopChild))
})

async function call<T>(hub: StartedHost, token: string, channel: string, input: object): Promise<T> {
  const answer = (await postChannel(hub.port, token, channel, input)).json() as { ok: boolean; data: T; error?: object }
  if (!answer.ok) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`)
  return answer.data
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

describe('a worker across a restart of its hub', () => {
  it('asks the hub again and reconnects: a job queued after the restart is done; the PostgreSQL kept its port', async () => {
    const folder = tempDir()
    copyFileSync(inject('fixtures').mp4, path.join(folder, 'clip.mp4'))
    const args = ['--data', tempDir(), '--port', String(await freePort()), '--renderer', fakeRenderer()]
    const start = () => startHostCli('main/hub/hub-cli.ts', [...args, '--workers', '0', '--allow-import-from', folder])
    let hub = await start()
    const imported = (await call<{ job: ImportJob }>(hub, hub.token, 'media:import', { paths: [folder], link: false }))
      .job
    await until(
      async () => (await call<{ job: Job }>(hub, hub.token, 'jobs:get', { jobId: imported.id })).job.state === 'done',
    )
    const [asset] = (await call<{ items: MediaAsset[] }>(hub, hub.token, 'media:list', {})).items
    // The worker signs in with an admin's token of its own: the printed one changes with each start.
    const { token } = await call<{ token: string }>(hub, hub.token, 'people:add', {
      name: 'Render farm',
      role: 'admin',
    })
    const worker = spawnCli(['worker', '--hub', `http://127.0.0.1:${hub.port}`, '--token', token, '--data', tempDir()])
    workers.push(worker)
    let said = ''
    for (const stream of [worker.stdout!, worker.stderr!]) stream.on('data', (chunk: Buffer) => (said += String(chunk)))
    await untilPrinted(worker, 'Framevault worker for')
    const catalogueBefore = new URL((await setupOf(hub, token)).database)

    await stopChild(hub.child)
    hub = await start()
    expect(new URL((await setupOf(hub, token)).database).port).toBe(catalogueBefore.port)
    const started = (
      await call<{ job: Job }>(hub, hub.token, 'analysis:run', { assetId: asset!.id, analyzer: 'black' })
    ).job
    let last: Job = started
    await until(async () => {
      last = (await call<{ job: Job }>(hub, hub.token, 'jobs:get', { jobId: started.id })).job
      return last.state === 'done'
    }, 30_000).catch((error: Error) => {
      // On one line, without stack traces: a run's summary shows a failure's first line only.
      const told = said
        .split('\n')
        .filter((line) => /^[^\s}]/.test(line))
        .join(' | ')
      throw new Error(
        `${error.message}, the job ${last.state} (worker ${last.worker ?? 'none'}); the worker said: ${told}`,
      )
    })
    // It ran on the worker, which the queue lists again, and which said what happened.
    const { workers: listed } = await call<JobQueue>(hub, hub.token, 'jobs:queue', {})
    expect(listed.map((one) => one.pid)).toContain(worker.pid)
    expect(said).toContain("The hub's catalogue is out of reach (")
    expect(said).toContain("Reconnected to the hub's catalogue.")
    await stopChild(hub.child)
  }, 180_000)

  it('stops in words once the hub refuses its token', async () => {
    const hub = await startHostCli('main/hub/hub-cli.ts', [
      ...['--data', tempDir(), '--port', '0', '--renderer', fakeRenderer(), '--workers', '0'],
    ])
    const { person, token } = await call<{ person: { id: number }; token: string }>(hub, hub.token, 'people:add', {
      name: 'Leaving',
      role: 'admin',
    })
    const worker = spawnCli(['worker', '--hub', `http://127.0.0.1:${hub.port}`, '--token', token, '--data', tempDir()])
    workers.push(worker)
    let said = ''
    worker.stderr!.on('data', (chunk: Buffer) => (said += String(chunk)))
    await untilPrinted(worker, 'Framevault worker for')
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve))
    // Removed, its admin's token refused and the credential it had changed: it cannot reconnect, and says so.
    await call(hub, hub.token, 'people:remove', { id: person.id })
    expect(await exited).toBe(1)
    expect(said).toMatch(/^framevault worker: stopped: the hub at http:\/\/127\.0\.0\.1:\d+ refused: .+/m)
    await stopChild(hub.child)
  }, 120_000)
})

describe("a hub's helper workers (--workers N)", () => {
  it('start again after another hub process started on the same catalogue (which revoked the printed token)', async () => {
    const { url: database } = await emptyHubDatabase()
    const hubArgs = (workers: string) => [
      ...['--data', tempDir(), '--database', database.toString(), '--port', '0'],
      ...['--renderer', fakeRenderer(), '--workers', workers],
    ]
    const first = await startHostCli('main/hub/hub-cli.ts', hubArgs('2'))
    const queue = async (token: string) => (await call<JobQueue>(first, token, 'jobs:queue', {})).workers
    await until(async () => (await queue(first.token)).length === 2, 60_000)
    const helper = (await queue(first.token)).find((one) => one.pid !== first.child.pid)!
    const second = await startHostCli('main/hub/hub-cli.ts', hubArgs('0'))
    try {
      // The first hub's printed token no longer signs in; its helper, killed, starts again all the same.
      expect((await postChannel(first.port, first.token, 'jobs:queue', {})).status).toBe(401)
      process.kill(helper.pid, 'SIGKILL')
      await until(async () => {
        const pids = (await queue(second.token)).map((one) => one.pid)
        return pids.some((pid) => pid !== first.child.pid && pid !== helper.pid)
      }, 60_000)
    } finally {
      await stopChild(second.child)
      await stopChild(first.child)
    }
  }, 180_000)
})

async function setupOf(hub: StartedHost, token: string): Promise<WorkerSetup> {
  return (
    await http(hub.port, { path: '/worker', headers: { authorization: `Bearer ${token}` } })
  ).json() as WorkerSetup
}
