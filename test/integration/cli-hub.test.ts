import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Collection, ImportJob, MediaAsset } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { seedAssets } from '../helpers/assets'
import { call, suiteTempDir } from '../helpers/browse'
import { cli, jsonLines, spawnCli } from '../helpers/cli'
import { until } from '../helpers/hub-workers'
import { importAndWait } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'
import { writeClipSeries } from '../fixtures/clip-series'
import { FRENCH_CUES, srt } from '../fixtures/subtitled-clips'

// Issue 34 point 1: the CLI talks to a host that serves a library over HTTP with --hub URL --token T, in place of
// --library DIR. `npm run web` serves the same contract a hub will, so it stands in for one here.
const TOKEN = 'cli-hub-test-token-0123456789'
let dir: string
let lib: Library
let host: WebHost
let ids: string[]
let clip: string
let hub: string[]

beforeAll(async () => {
  dir = suiteTempDir()
  lib = openLibrary(dir)
  ids = (await seedAssets(lib, 12)).map((asset) => asset.id)
  const imported = await importAndWait(lib, [inject('fixtures').mp4])
  clip = imported.items[0]!.asset!.id
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'framevault-no-renderer-'))
  host = await startWebHost({ library: lib, rendererDir, token: TOKEN })
  hub = ['--hub', `http://127.0.0.1:${host.port}`, '--token', TOKEN]
})
afterAll(async () => {
  await host.close()
  await lib.close()
})

describe('the CLI through a host (--hub URL --token T)', () => {
  it('lists, shows and describes the library as the same command on the library itself does', async () => {
    const remote = await cli(['ls', '--sort', 'name', ...hub])
    expect(remote.stderr).toBe('')
    expect(remote.code).toBe(0)
    const listed = jsonLines<MediaAsset>(remote.stdout)
    expect(listed).toHaveLength(13)
    const { items } = await call<{ items: MediaAsset[] }>(lib, 'media:list', { sort: { by: 'name', dir: 'asc' } })
    expect(listed.map((asset) => asset.id)).toEqual(items.map((asset) => asset.id))

    const shown = await cli(['show', ids[3]!, ...hub])
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: ids[3], tags: [] })
    const info = await cli(['info', ...hub])
    expect(JSON.parse(info.stdout)).toMatchObject({ path: lib.dir })
  })

  it('changes the library: tags and collections land in the host’s library', async () => {
    expect((await cli(['tag', ids[0]!, 'Beach', 'night', ...hub])).code).toBe(0)
    expect(await call<{ tags: string[] }>(lib, 'media:get', { id: ids[0] })).toMatchObject({ tags: ['Beach', 'night'] })
    const collected = await cli(['collect', 'Selects', ids[0]!, ids[1]!, ...hub])
    expect(collected.code).toBe(0)
    const { collections } = await call<{ collections: Collection[] }>(lib, 'collections:list', {})
    expect(collections).toMatchObject([{ name: 'Selects', count: 2 }])
  })

  it('follows a job to its end through the host’s event stream, with its progress', async () => {
    const verified = await cli(['verify', '--ids', clip, ...hub])
    expect(verified.code).toBe(0)
    const lines = jsonLines<{ job?: { state: string; kind: string } }>(verified.stdout)
    expect(lines.at(-1)?.job).toMatchObject({ kind: 'verify', state: 'done' })
    // Progress lines come from job:progress events, which only the event stream carries.
    expect(jsonLines<{ kind?: string }>(verified.stderr).some((line) => line.kind === 'verify')).toBe(true)
  })

  it('still learns a job ended when the host’s event stream stays silent (a proxy that holds it)', async () => {
    const silent = await silentEventsProxy(host.port)
    try {
      const verified = await cli([
        'verify',
        '--ids',
        clip,
        '--hub',
        `http://127.0.0.1:${silent.port}`,
        '--token',
        TOKEN,
      ])
      expect(verified.code).toBe(0)
      expect(jsonLines<{ job?: { state: string } }>(verified.stdout).at(-1)?.job).toMatchObject({ state: 'done' })
    } finally {
      await silent.close()
    }
  })

  it('imports by uploading: a folder’s files with their subtitles, one line per file, then duplicates', async () => {
    const folder = tempDir()
    copyFileSync(inject('fixtures').webm, path.join(folder, 'harbour.webm'))
    copyFileSync(inject('fixtures').mp4, path.join(folder, 'coast.mp4'))
    writeFileSync(path.join(folder, 'harbour.fr.srt'), srt(FRENCH_CUES))
    const first = await cli(['import', folder, ...hub])
    expect(first.code).toBe(0)
    const lines = jsonLines<{ path: string; outcome: string; asset: { id: string } | null }>(first.stdout)
    // The .srt goes with its video, as in a drop: two outcomes, by the files' own paths.
    expect(lines.map((line) => [line.path, line.outcome]).sort()).toEqual([
      [path.join(folder, 'coast.mp4'), 'duplicate'],
      [path.join(folder, 'harbour.webm'), 'imported'],
    ])
    expect(first.stderr).toContain('Uploading 3/3: ')
    expect(first.stderr).toContain('Import done: 1 imported, 1 duplicate(s), 0 failed.')
    const webm = lines.find((line) => line.path.endsWith('.webm'))!.asset!.id
    expect(await call<{ name: string }>(lib, 'media:get', { id: webm })).toMatchObject({ name: 'harbour.webm' })
    const tracks = await call<Array<{ language: string | null; cues: unknown[] }>>(lib, 'subtitles:list', {
      assetId: webm,
    })
    expect(tracks).toMatchObject([{ language: 'fr', cues: [{ start: 2, end: 3.5, text: 'Le château brûle' }] }])

    const again = await cli(['import', path.join(folder, 'harbour.webm'), ...hub])
    expect(jsonLines<{ outcome: string; asset: { id: string } }>(again.stdout)).toMatchObject([
      { outcome: 'duplicate', asset: { id: webm } },
    ])
  })

  it('imports many files in pipelined batches: several imports, each file printed once, a video with its subtitles', async () => {
    const folder = tempDir()
    const clips = writeClipSeries(folder, 60)
    // Sorted by name the subtitles come 25th and their video 26th: the first batch's last file and the next's first.
    writeFileSync(path.join(folder, 'clip-0024.en.srt'), srt(FRENCH_CUES))
    const before = (await call<{ jobs: ImportJob[] }>(lib, 'import:list', { limit: 200 })).jobs.length

    const run = await cli(['import', folder, ...hub])
    expect(run.code, run.stderr).toBe(0)
    const lines = jsonLines<{ path: string; outcome: string; asset: { id: string } | null }>(run.stdout)
    expect(lines.map((line) => line.path).sort()).toEqual(clips)
    expect(new Set(lines.map((line) => line.outcome))).toEqual(new Set(['imported']))
    expect(run.stderr).toContain('Uploading 61/61: ')
    expect(run.stderr).toContain('Import done: 60 imported, 0 duplicate(s), 0 failed.')
    // Newest first: the ones this import made lead.
    const listed = (await call<{ jobs: ImportJob[] }>(lib, 'import:list', { limit: 200 })).jobs
    const jobs = listed.slice(0, listed.length - before)
    expect(jobs.length).toBeGreaterThan(1)
    expect(jobs.reduce((sum, job) => sum + job.counts.imported, 0)).toBe(60)
    const subtitled = lines.find((line) => line.path.endsWith('clip-0024.mp4'))!.asset!.id
    const tracks = await call<Array<{ language: string | null }>>(lib, 'subtitles:list', { assetId: subtitled })
    expect(tracks).toMatchObject([{ language: 'en' }])
  })

  it('stops on Ctrl-C: sends no more, cancels its imports, and says so', async () => {
    const clips = writeClipSeries(tempDir(), 150)
    const before = (await call<{ jobs: ImportJob[] }>(lib, 'import:list', { limit: 200 })).jobs.length
    const command = spawnCli(['import', ...clips, ...hub])
    let printed = ''
    let said = ''
    command.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')))
    command.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')))
    const exited = new Promise<number | null>((resolve) => command.once('exit', resolve))
    await until(async () => printed.includes('\n') || command.exitCode !== null, 60_000)
    command.kill('SIGINT')

    expect(await exited, said).toBe(1)
    // The first 60 clips are the series of the test before: duplicates here.
    const summary = /^Import cancelled: (\d+) imported, (\d+) duplicate\(s\), 0 failed\.$/m.exec(said)
    expect(summary, said).not.toBeNull()
    const ended = Number(summary![1]) + Number(summary![2])
    expect(ended).toBeLessThan(clips.length)
    const lines = jsonLines<{ path: string; outcome: string }>(printed)
    expect(new Set(lines.map((line) => line.path)).size).toBe(lines.length)
    expect(lines).toHaveLength(ended)
    // Every import it started has ended.
    const listed = (await call<{ jobs: ImportJob[] }>(lib, 'import:list', { limit: 200 })).jobs
    const states = listed.slice(0, listed.length - before).map((job) => job.state)
    expect(states.length).toBeGreaterThan(0)
    expect(states.filter((state) => state !== 'done' && state !== 'cancelled')).toEqual([])
  }, 120_000)

  it('imports one file with its generation details (import --generation) by upload', async () => {
    const generated = path.join(tempDir(), 'generation.json')
    writeFileSync(generated, '{"provider": "comfyui", "prompt": "a red kite over dunes", "seed": 18446744073709551615}')
    const made = await cli(['import', '--generation', generated, inject('fixtures').png, ...hub])
    expect(made.code).toBe(0)
    const result = JSON.parse(made.stdout) as { assetId: string; outcome: string }
    expect(result.outcome).toBe('imported')
    const got = await call<{ generation: { prompt: string; seed: string } }>(lib, 'generation:get', {
      id: result.assetId,
    })
    expect(got.generation).toMatchObject({ prompt: 'a red kite over dunes', seed: '18446744073709551615' })
  })

  it('says in words what is wrong: a wrong token, no host there, both --library and --hub, no token, a local command', async () => {
    const wrong = await cli(['ls', '--hub', `http://127.0.0.1:${host.port}`, '--token', 'not-the-token'])
    expect(wrong).toMatchObject({ code: 1, stdout: '' })
    expect(wrong.stderr).toBe(
      `framevault: http://127.0.0.1:${host.port} did not take the token: give the one it gave you with --token T or $FRAMEVAULT_HUB_TOKEN.\n`,
    )

    const closed = await cli(['ls', '--hub', 'http://127.0.0.1:9', '--token', TOKEN])
    expect(closed.code).toBe(1)
    expect(closed.stderr).toMatch(/^framevault: No answer from http:\/\/127\.0\.0\.1:9: .+\.\n$/)

    const both = await cli(['ls', '--library', dir, ...hub])
    expect(both).toMatchObject({ code: 2, stderr: 'Give --library DIR or --hub URL, not both.\n' })
    const tokenless = await cli(['ls', '--hub', `http://127.0.0.1:${host.port}`], { env: { FRAMEVAULT_HUB_TOKEN: '' } })
    expect(tokenless.code).toBe(2)
    expect(tokenless.stderr).toMatch(/^--hub needs --token T/)
    const fromEnv = await cli(['collections', '--hub', `http://127.0.0.1:${host.port}`], {
      env: { FRAMEVAULT_HUB_TOKEN: TOKEN },
    })
    expect(fromEnv.code).toBe(0)

    const migrated = await cli(['migrate', ...hub])
    expect(migrated).toMatchObject({
      code: 2,
      stderr: 'migrate works on a library on this machine: give --library DIR, not --hub.\n',
    })
    const linked = await cli(['import', '--link', inject('fixtures').jpg, ...hub])
    expect(linked).toMatchObject({ code: 2, stderr: '--link keeps files where they are: a host cannot link them.\n' })
    const notAddress = await cli(['ls', '--hub', 'nowhere', '--token', TOKEN])
    expect(notAddress).toMatchObject({
      code: 2,
      stderr: '--hub nowhere is not an address: give it as http://host:port.\n',
    })
  })
})

/** A proxy to the host that passes every call but answers /events with a stream that never says anything. */
async function silentEventsProxy(target: number): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/events'))
      return void res.writeHead(200, { 'content-type': 'text/event-stream' }).flushHeaders()
    const headers = { ...req.headers, host: `127.0.0.1:${target}` }
    const forward = request(
      { port: target, host: '127.0.0.1', path: req.url, method: req.method, headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers)
        reply.pipe(res)
      },
    )
    forward.on('error', () => res.destroy())
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
