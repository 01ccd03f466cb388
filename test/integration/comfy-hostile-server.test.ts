import { readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JobOf } from '../../shared/contract'
import { history, queuePrompt } from '../../main/comfy/comfy-client'
import { fetchOutput } from '../../main/comfy/fetch-output'
import { setComfyServer } from '../../main/services/comfy-runs/comfy-server'
import { startComfyRun } from '../../main/services/comfy-runs/run-job'
import { dispatch } from '../../main/dispatch'
import { stagingDir } from '../../main/library/library-paths'
import { API_PROMPT, fakeComfy, runThrough, typesOf } from '../helpers/comfy'
import { sourcedLibrary } from '../helpers/comfy-library'
import { hostileComfy } from '../helpers/hostile-comfy'
import { tempDir } from '../helpers/temp-dir'

// Issue 38 point 3: the address a user typed may lead to a wrong or compromised server. Each test puts a
// hostile server in front of the fake ComfyUI and shows what the client refuses to do.
const MiB = 1024 * 1024

/** Streams `total` bytes of one JSON string as the answer, counting what the client let through. */
function floodAnswer(response: http.ServerResponse, total: number, sent: { bytes: number }) {
  response.writeHead(200, { 'content-type': 'application/json' })
  const chunk = Buffer.alloc(MiB, 'a')
  response.write('{"x":"')
  const more = () => {
    while (sent.bytes < total) {
      sent.bytes += chunk.length
      if (!response.write(chunk)) return void response.once('drain', more)
    }
    response.end('"}')
  }
  response.on('error', () => undefined)
  more()
}

describe('a hostile ComfyUI server', () => {
  it('answering /history with 200 MB is read to 64 MB, then refused in words', async () => {
    const fake = await fakeComfy()
    const sent = { bytes: 0 }
    const hostile = await hostileComfy(fake.url, {
      answer: (request, response) => {
        if (!request.url?.startsWith('/history/')) return false
        floodAnswer(response, 200 * MiB, sent)
        return true
      },
    })
    await expect(history(hostile.url, 'p1')).rejects.toMatchObject({
      failure: 'too-large',
      message: `${hostile.url}/history/p1 answered with more than 64.0 MiB; Framevault stopped reading it.`,
    })
    // The client stopped reading: the server could not send it all (what sits in socket buffers aside).
    expect(sent.bytes).toBeLessThan(150 * MiB)
  })

  it('answering a prompt with a declared 3 GB echo is refused before any of it is read', async () => {
    const fake = await fakeComfy()
    const hostile = await hostileComfy(fake.url, {
      answer: (request, response) => {
        if (request.url !== '/prompt') return false
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(3 * 1024 * MiB) })
        response.write('{"prompt_id":"')
        return true
      },
    })
    await expect(queuePrompt(hostile.url, { promptText: API_PROMPT, clientId: 'c' })).rejects.toMatchObject({
      failure: 'too-large',
      message: `${hostile.url}/prompt answered with more than 8.0 MiB; Framevault stopped reading it.`,
    })
  })

  it('redirecting a download to another host is refused; a redirect within the server is followed', async () => {
    const fake = await fakeComfy()
    const elsewhere: string[] = []
    const other = http.createServer((request, response) => {
      elsewhere.push(request.url ?? '')
      response.end('not from ComfyUI')
    })
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve))
    const otherPort = (other.address() as AddressInfo).port
    try {
      const hostile = await hostileComfy(fake.url, {
        answer: (request, response) => {
          const url = new URL(request.url ?? '/', 'http://x')
          if (url.pathname === '/moved') response.end('the output itself')
          else if (url.searchParams.get('filename') === 'away.png')
            response.writeHead(302, { location: `http://127.0.0.2:${otherPort}/view?filename=away.png` }).end()
          else if (url.searchParams.get('filename') === 'here.png')
            response.writeHead(307, { location: '/moved' }).end()
          else return false
          return true
        },
      })
      const dir = tempDir()
      await expect(
        fetchOutput(hostile.url, { filename: 'away.png' }, path.join(dir, 'away.png')),
      ).rejects.toMatchObject({
        failure: 'redirect',
        message: `${hostile.url}/view redirected to http://127.0.0.2:${otherPort}, another server; Framevault only talks to the ComfyUI address set.`,
      })
      expect(elsewhere).toEqual([])
      const fetched = await fetchOutput(hostile.url, { filename: 'here.png' }, path.join(dir, 'here.png'))
      expect(readFileSync(fetched.path, 'utf8')).toBe('the output itself')
      expect(readdirSync(dir)).toEqual(['here.png'])
    } finally {
      other.closeAllConnections()
      await new Promise((resolve) => other.close(resolve))
    }
  })

  it('sending an output past the limit stops the download there and leaves no part file', async () => {
    const fake = await fakeComfy()
    const hostile = await hostileComfy(fake.url, {
      answer: (request, response) => {
        const name = new URL(request.url ?? '/', 'http://x').searchParams.get('filename')
        if (name === 'declared.mp4') response.writeHead(200, { 'content-length': String(5 * 1024 * MiB) }).write('x')
        else if (name === 'endless.mp4') floodAnswer(response, 40 * MiB, { bytes: 0 })
        else return false
        return true
      },
    })
    const dir = tempDir()
    for (const filename of ['declared.mp4', 'endless.mp4']) {
      const download = fetchOutput(hostile.url, { filename }, path.join(dir, filename), { maxBytes: 2 * MiB })
      await expect(download).rejects.toMatchObject({
        code: 'too_large',
        failure: 'too-large',
        message: `ComfyUI's output file "${filename}" is larger than 2.0 MiB, the most Framevault downloads.`,
      })
    }
    expect(readdirSync(dir)).toEqual([])
  })

  it('a run whose output passes the limit set in Settings fails, importing nothing; one within it is imported', async () => {
    const { lib, assetId, server } = await sourcedLibrary()
    let flood = true
    const hostile = await hostileComfy(server.url, {
      answer: (request, response) => {
        if (!flood || !(request.url ?? '').startsWith('/view?')) return false
        floodAnswer(response, 3 * MiB, { bytes: 0 })
        return true
      },
    })
    await setComfyServer(lib, hostile.url)
    expect(await dispatch(lib, 'comfy:server', {})).toMatchObject({ data: { outputLimitBytes: 8 * 1024 * MiB } })
    expect(await dispatch(lib, 'comfy:set-output-limit', { bytes: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    })
    expect(await dispatch(lib, 'comfy:set-output-limit', { bytes: 2 * MiB })).toEqual({
      ok: true,
      data: { outputLimitBytes: 2 * MiB, version: 1 },
    })
    const imports = () => lib.sqlite.db.prepare('SELECT count(*) FROM import_items').pluck().get() as number
    const before = imports()
    const staged = () => readdirSync(stagingDir(lib.dir)).filter((name) => name.includes('upload'))
    const run = async () => {
      const { job } = await startComfyRun(lib, { from: { assetId }, set: [] })
      await lib.jobs.settled(job.id)
      return (await lib.jobs.get(job.id)) as JobOf<'comfy-run'>
    }
    const stopped = await run()
    expect(stopped.result!.runs[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('is larger than 2.0 MiB, the most Framevault downloads'),
    })
    expect(imports()).toBe(before)
    expect(staged()).toEqual([])

    flood = false
    expect((await run()).result!.runs[0]).toMatchObject({ status: 'completed', error: null })
    expect(imports()).toBe(before + 1)
    await dispatch(lib, 'comfy:set-output-limit', { bytes: null })
    expect(await dispatch(lib, 'comfy:server', {})).toMatchObject({ data: { outputLimitBytes: 8 * 1024 * MiB } })
  })

  it('a history entry that does not say how the run ended is not a completed run; an old server’s entry is', async () => {
    const fake = await fakeComfy()
    const entries = [{ junk: true }, { prompt: [1, 'x', {}], outputs: {} }]
    let entry = 0
    const hostile = await hostileComfy(fake.url, {
      // The socket tells nothing, so the run's end is read from its history.
      frames: () => [],
      answer: (request, response) => {
        const id = /^\/history\/(.+)$/.exec(request.url ?? '')?.[1]
        if (id === undefined) return false
        response.end(JSON.stringify({ [decodeURIComponent(id)]: entries[entry] }))
        return true
      },
    })
    const junk = await runThrough(hostile.url, API_PROMPT, { idleCheckMs: 100 })
    expect(typesOf(junk.events)).toEqual(['error', 'finished'])
    expect(junk.events[0]).toMatchObject({
      message: "ComfyUI's history entry for the run does not say how it ended; it is not taken as completed.",
    })
    entry = 1
    const old = await runThrough(hostile.url, API_PROMPT, { idleCheckMs: 100 })
    expect(typesOf(old.events)).toEqual(['success', 'finished'])
  })

  it('a flood of cached-node messages, one of 300,000 ids and some nested, leaves a run that completes and notes the prompt’s nodes once', async () => {
    const { lib, assetId, server } = await sourcedLibrary()
    const hostile = await hostileComfy(server.url, {
      frames: (frame) => {
        const message = JSON.parse(frame) as { type: string; data: { nodes?: unknown[] } }
        if (message.type !== 'execution_cached') return [frame]
        const junk = {
          ...message,
          data: { ...message.data, nodes: Array.from({ length: 300_000 }, (_, i) => `x${i}`) },
        }
        const nested = { ...message, data: { ...message.data, nodes: [[['4']], { id: '6' }, 7] } }
        return [frame, ...Array<string>(200).fill(frame), JSON.stringify(junk), JSON.stringify(nested)]
      },
    })
    await setComfyServer(lib, hostile.url)
    const { job, executionIds } = await startComfyRun(lib, { from: { assetId }, set: [] })
    await lib.jobs.settled(job.id)
    const done = (await lib.jobs.get(job.id)) as JobOf<'comfy-run'>
    expect(done.state).toBe('done')
    expect(done.result!.runs[0]).toMatchObject({ status: 'completed', error: null })
    const data = JSON.parse((await lib.catalog.repos.workflowExecutions.get(executionIds[0]!))!.executionData!) as {
      cachedNodes: string[]
    }
    const promptNodes = Object.keys(JSON.parse(API_PROMPT) as object)
    expect(data.cachedNodes.length).toBeGreaterThan(0)
    expect(new Set(data.cachedNodes).size).toBe(data.cachedNodes.length)
    expect(data.cachedNodes.every((node) => promptNodes.includes(node))).toBe(true)
  })
})
