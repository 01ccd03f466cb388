import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { createSha256Pool } from '../../main/media/sha256-pool'
import { createToolRunner } from '../../main/media/tool-runner'
import { WORKER_BUNDLES_VARIABLE, workerScript } from '../../main/media/worker-script'
import { sha256Of } from '../helpers/ingest'

// The setup points main/'s workers at the bundles it made (test/fixtures/global-setup.ts); `npm run web` and
// `npm run cli` run them from source through tsx. Both ways are started here for real.
const bundles = process.env[WORKER_BUNDLES_VARIABLE]
const fixtures = inject('fixtures')
const closers: Array<() => unknown> = []

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
  process.env[WORKER_BUNDLES_VARIABLE] = bundles
})

/** Hashes a fixture in a pool's worker and runs ffprobe in the tool runner's helper process. */
async function runBothKinds(): Promise<void> {
  const pool = createSha256Pool({ size: 1 })
  const tools = createToolRunner()
  closers.push(
    () => pool.close(),
    () => tools.close(),
  )
  expect((await pool.hashFile(fixtures.mp4)).digest).toBe(sha256Of(fixtures.mp4))
  expect((await tools.run(resolveMediaTools().ffprobe, ['-version'])).stdout).toMatch(/^ffprobe version/)
}

describe('worker scripts of main/ in source form', () => {
  it('come from the bundles the setup made, started with no loader, and work', async () => {
    const script = workerScript('../similar/similar-index-worker')
    expect(fileURLToPath(script.url)).toBe(path.join(bundles!, 'similar-index-worker.js'))
    expect(script.execArgv).toBeUndefined()
    await runBothKinds()
  })

  it('without the setup, are the TypeScript sources loaded through tsx, and work', async () => {
    delete process.env[WORKER_BUNDLES_VARIABLE]
    const script = workerScript('sha256-worker')
    expect(fileURLToPath(script.url)).toBe(path.resolve('main/media/sha256-worker.ts'))
    expect(script.execArgv?.join(' ')).toContain('register()')
    await runBothKinds()
  })
})
