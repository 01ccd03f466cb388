import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { history, interrupt } from '../../main/comfy/comfy-client'
import { ComfyError, ComfyPromptRefused } from '../../main/comfy/comfy-errors'
import { fetchOutput } from '../../main/comfy/fetch-output'
import { outputFiles, type RunEvent } from '../../main/comfy/run-events'
import { readGeneration } from '../../main/generation/read-generation'
import type { FfprobeOutput } from '../../main/media/media-metadata'
import { resolveMediaTools } from '../../main/media/media-tools'
import {
  API_PROMPT,
  fakeComfy,
  pngTexts,
  runThrough,
  typesOf,
  UI_WORKFLOW,
  VHS_PROMPT,
  withSeed,
} from '../helpers/comfy'
import { tempDir } from '../helpers/temp-dir'

const BIG_SEED = '18446744073709551615'
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** The files of every `executed` event, downloaded into `dir`. */
async function download(url: string, events: RunEvent[], dir: string) {
  const files = events.flatMap((event) => (event.type === 'executed' ? outputFiles(event.output) : []))
  return Promise.all(files.map((file) => fetchOutput(url, file, path.join(dir, file.filename))))
}

const probe = (file: string): FfprobeOutput => {
  const args = ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file]
  return JSON.parse(execFileSync(resolveMediaTools().ffprobe, args, { encoding: 'utf8' })) as FfprobeOutput
}

describe('the ComfyUI client against the fake server', () => {
  it('runs a real API prompt: events in order, a real PNG carrying the prompt and workflow', async () => {
    const fake = await fakeComfy()
    const { events } = await runThrough(fake.url, API_PROMPT, { workflow: UI_WORKFLOW })
    // Node 12 (ImageScaleBy) feeds no output, so ComfyUI does not run it.
    const executing = (count: number) => Array<string>(count).fill('executing')
    expect(typesOf(events).filter((type) => type !== 'queued')).toEqual([
      'started',
      'cached',
      ...executing(5),
      'progress',
      ...executing(2),
      'executed',
      'success',
      'finished',
    ])
    const order = events.flatMap((event) => (event.type === 'executing' ? [event.node] : []))
    expect(order).toEqual(['4', '6', '7', '5', '3', '8', '9'])
    const steps = events.filter((event) => event.type === 'progress')
    expect(steps.map((event) => event.value)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(steps.every((event) => event.node === '3' && event.max === 20)).toBe(true)
    expect(events[0]).toMatchObject({ type: 'queued' })

    const [fetched] = await download(fake.url, events, tempDir())
    const png = readFileSync(fetched.path)
    expect(fetched).toMatchObject({ bytes: png.length, contentType: 'image/png' })
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE)
    expect(probe(fetched.path).streams?.[0]).toMatchObject({ codec_name: 'png', width: 64, height: 64 })
    const texts = pngTexts(png)
    expect(texts.get('prompt')).toBe(API_PROMPT.trim())
    expect(texts.get('workflow')).toBe(UI_WORKFLOW.trim())
  })

  it('keeps a 64-bit seed exact into the output file and the history, and draws another file for another seed', async () => {
    const fake = await fakeComfy()
    const dir = tempDir()
    const first = await runThrough(fake.url, withSeed(BIG_SEED))
    // 2^64 - 2 is the same double as 2^64 - 1: only text keeps the two apart.
    const second = await runThrough(fake.url, withSeed('18446744073709551614'))
    const [a] = await download(fake.url, first.events, dir)
    const [b] = await download(fake.url, second.events, dir)
    expect(pngTexts(readFileSync(a.path)).get('prompt')).toContain(`"seed": ${BIG_SEED},`)
    expect(pngTexts(readFileSync(b.path)).get('prompt')).toContain('"seed": 18446744073709551614,')
    const facts = await readGeneration({ filePath: a.path, mediaType: 'image' })
    expect(facts.seed).toBe(BIG_SEED)
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
    expect(sha(a.path)).not.toBe(sha(b.path))
    const answer = await history(fake.url, first.promptId)
    expect(answer.entry?.status).toMatchObject({ status_str: 'success', completed: true })
    expect(answer.text).toContain(`"seed": ${BIG_SEED},`)
  })

  it('downloads a VideoHelperSuite mp4 reported under "gifs", with the prompt in its tags', async () => {
    const fake = await fakeComfy()
    const { events } = await runThrough(fake.url, withSeed(BIG_SEED, VHS_PROMPT), { workflow: UI_WORKFLOW })
    const executed = events.find((event) => event.type === 'executed')
    expect(executed).toMatchObject({
      node: '9',
      output: {
        gifs: [
          {
            filename: 'AnimateDiff_00001.mp4',
            subfolder: 'clips',
            type: 'output',
            format: 'video/h264-mp4',
            frame_rate: 8,
            workflow: 'AnimateDiff_00001.png',
            fullpath: path.join(fake.outputDir, 'clips', 'AnimateDiff_00001.mp4'),
          },
        ],
      },
    })
    const [clip] = await download(fake.url, events, tempDir())
    const facts = probe(clip.path)
    expect(facts.streams?.[0]).toMatchObject({ codec_name: 'h264', width: 64, height: 64 })
    expect(facts.format?.tags?.prompt).toBe(withSeed(BIG_SEED, VHS_PROMPT).trim())
    expect(facts.format?.tags?.workflow).toBe(UI_WORKFLOW.trim())
    const generation = await readGeneration({ filePath: clip.path, mediaType: 'video', probe: facts })
    expect(generation.seed).toBe(BIG_SEED)
  })

  it("writes VideoHelperSuite's older single comment tag when asked, the seed still exact", async () => {
    const fake = await fakeComfy({ videoTags: 'comment' })
    const prompt = withSeed(BIG_SEED, VHS_PROMPT)
    const { events } = await runThrough(fake.url, prompt, { workflow: UI_WORKFLOW })
    const [clip] = await download(fake.url, events, tempDir())
    const facts = probe(clip.path)
    expect(facts.format?.tags?.comment).toBe(`{"prompt": ${prompt.trim()}, "workflow": ${UI_WORKFLOW.trim()}}`)
    expect(facts.format?.tags?.prompt).toBeUndefined()
    const generation = await readGeneration({ filePath: clip.path, mediaType: 'video', probe: facts })
    expect(generation.seed).toBe(BIG_SEED)
    expect(generation.sources).toContain('mp4:tag:comment:prompt')
  })

  it('turns a validation refusal into an error naming the node, its class and why', async () => {
    const fake = await fakeComfy({ refuseNode: '4' })
    const refusal = await runThrough(fake.url, API_PROMPT).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(ComfyPromptRefused)
    expect((refusal as ComfyPromptRefused).message).toBe(
      'ComfyUI refused the prompt: Prompt outputs failed validation. Node 4 (CheckpointLoaderSimple): ' +
        "Value not in list: ckpt_name: 'v1-5-pruned-emaonly.safetensors' not in (list of length 3).",
    )
    expect((refusal as ComfyPromptRefused).nodeErrors).toEqual([
      {
        nodeId: '4',
        classType: 'CheckpointLoaderSimple',
        errors: [
          {
            type: 'value_not_in_list',
            message: 'Value not in list',
            details: "ckpt_name: 'v1-5-pruned-emaonly.safetensors' not in (list of length 3)",
          },
        ],
      },
    ])

    const unknown = API_PROMPT.replace('"class_type": "EmptyLatentImage"', '"class_type": "FancyLatent"')
    await expect(runThrough(fake.url, unknown)).rejects.toThrow(
      "ComfyUI refused the prompt: Cannot execute because node FancyLatent does not exist: Node ID '#5'.",
    )
    const dangling = API_PROMPT.replace('"model": ["4", 0]', '"model": ["99", 0]')
    await expect(runThrough(fake.url, dangling)).rejects.toThrow(
      "Node 3 (KSampler): Exception when validating inner node: '99'.",
    )
  })

  it('reports an error mid-run at its node, and the run ends there', async () => {
    const fake = await fakeComfy({ failAtNode: '8' })
    const { events, promptId } = await runThrough(fake.url, API_PROMPT)
    expect(typesOf(events).slice(-3)).toEqual(['executing', 'error', 'finished'])
    expect(events.at(-2)).toMatchObject({
      type: 'error',
      nodeId: '8',
      nodeType: 'VAEDecode',
      exceptionType: 'RuntimeError',
      message: expect.stringContaining('VAEDecode (node 8)'),
    })
    expect(events.some((event) => event.type === 'executed')).toBe(false)
    const { entry } = await history(fake.url, promptId)
    expect(entry?.status).toMatchObject({ status_str: 'error', completed: false })
  })

  it('interrupts a running prompt; the run ends with interrupted before its last step', async () => {
    const fake = await fakeComfy({ stepDelayMs: 50 })
    const outcomes: string[] = []
    const { events, promptId } = await runThrough(fake.url, API_PROMPT, {
      onEvent: (event, run) => {
        if (event.type === 'progress' && event.value === 2) {
          void interrupt(fake.url, run.promptId).then((outcome) => outcomes.push(outcome))
        }
      },
    })
    expect(outcomes).toEqual(['interrupted'])
    expect(events.slice(-2)).toEqual([{ type: 'interrupted', nodeId: '3', nodeType: 'KSampler' }, { type: 'finished' }])
    const steps = events.filter((event) => event.type === 'progress').length
    expect(steps).toBeGreaterThanOrEqual(2)
    expect(steps).toBeLessThan(20)
    expect(await interrupt(fake.url, promptId)).toBe('not-running')
  })

  it('recovers from the websocket dropping midway through /history, reporting nothing twice', async () => {
    const fake = await fakeComfy({ dropSocketAfter: 6, stepDelayMs: 20 })
    const { events } = await runThrough(fake.url, API_PROMPT, { pollMs: { first: 50, max: 200 } })
    const lost = events.findIndex((event) => event.type === 'lost')
    expect(lost).toBeGreaterThan(0)
    expect(events[lost]).toMatchObject({ reason: expect.stringContaining('The connection to ComfyUI dropped') })
    expect(typesOf(events.slice(lost))).toEqual(['lost', 'executed', 'success', 'finished'])
    expect(events.filter((event) => event.type === 'started')).toHaveLength(1)
    expect(events.filter((event) => event.type === 'cached')).toHaveLength(1)
    const [fetched] = await download(fake.url, events, tempDir())
    expect(pngTexts(readFileSync(fetched.path)).get('prompt')).toBe(API_PROMPT.trim())
  })

  it('ends with an error in bounded time when the socket drops and the history stays empty', async () => {
    const fake = await fakeComfy({ dropSocketAfter: 3, emptyHistory: true })
    const started = Date.now()
    const failure = await runThrough(fake.url, API_PROMPT, { pollMs: { first: 50, max: 200 }, giveUpMs: 1_000 }).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(ComfyError)
    expect(failure).toMatchObject({ failure: 'run-lost', code: 'unreachable' })
    expect((failure as Error).message).toMatch(/^ComfyUI has no record of prompt [0-9a-f-]{36}: it is not queued/)
    expect(Date.now() - started).toBeLessThan(8_000)
  })

  it('stops following on abort: the iteration throws the abort, the server runs on', async () => {
    const fake = await fakeComfy({ stepDelayMs: 40 })
    const stop = new AbortController()
    const failure = await runThrough(fake.url, API_PROMPT, {
      signal: stop.signal,
      onEvent: (event) => event.type === 'progress' && stop.abort(),
    }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ name: 'AbortError' })
    const again = await runThrough(fake.url, withSeed('7'))
    expect(typesOf(again.events).slice(-2)).toEqual(['success', 'finished'])
  })

  it('leaves no part file when a download fails', async () => {
    const fake = await fakeComfy()
    const dir = tempDir()
    const missing = fetchOutput(
      fake.url,
      { filename: 'nope.png', subfolder: '', type: 'output' },
      path.join(dir, 'x.png'),
    )
    await expect(missing).rejects.toMatchObject({
      failure: 'download',
      message: 'ComfyUI has no such file for the output file "nope.png".',
    })
    expect(readdirSync(dir)).toEqual([])
  })
})
