import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { interrupt, queuePrompt } from '../../main/comfy/comfy-client'
import { ComfyPromptRefused } from '../../main/comfy/comfy-errors'
import { MAGIC } from '../../main/comfy/fake/server'
import { collect, fakeComfy, runThrough, withSeed, API_PROMPT } from '../helpers/comfy'
import { followRun } from '../../main/comfy/follow-run'
import { http } from '../helpers/http'

type Json = Record<string, unknown>
const post = (port: number, path: string, body: string) => http(port, { method: 'POST', path, body })
const postPrompt = (port: number, prompt: unknown) => post(port, '/prompt', JSON.stringify({ prompt }))
const fixture = () => JSON.parse(API_PROMPT) as Record<string, { inputs: Json; class_type: string }>

/** The first `count` JSON messages a websocket receives. */
function messages(url: string, count: number): Promise<{ type: string; data: Json }[]> {
  const socket = new WebSocket(url)
  const got: { type: string; data: Json }[] = []
  return new Promise((resolve, reject) => {
    socket.on('error', reject)
    socket.on('message', (data, isBinary) => {
      if (!isBinary) got.push(JSON.parse(data.toString()) as { type: string; data: Json })
      if (got.length === count) {
        socket.close()
        resolve(got)
      }
    })
  })
}

describe('the fake ComfyUI server', () => {
  it("refuses prompts with validate_prompt's answers, and stays up after bad requests", async () => {
    const { port } = await fakeComfy()
    const noClass = await postPrompt(port, { '3': { inputs: {} } })
    expect(noClass.status).toBe(400)
    expect(noClass.json()).toEqual({
      error: {
        type: 'invalid_prompt',
        message: 'Cannot execute because a node is missing the class_type property.',
        details: "Node ID '#3'",
        extra_info: {},
      },
      node_errors: {},
    })
    const noOutput = await postPrompt(port, { '4': fixture()['4'] })
    expect(noOutput.json()).toMatchObject({ error: { type: 'prompt_no_outputs', message: 'Prompt has no outputs' } })
    const prompt = fixture()
    delete prompt['3'].inputs.steps
    const missing = await postPrompt(port, prompt)
    expect(missing.status).toBe(400)
    expect(missing.json()).toEqual({
      error: {
        type: 'prompt_outputs_failed_validation',
        message: 'Prompt outputs failed validation',
        details: '',
        extra_info: {},
      },
      node_errors: {
        '3': {
          errors: [
            {
              type: 'required_input_missing',
              message: 'Required input is missing',
              details: 'steps',
              extra_info: { input_name: 'steps' },
            },
          ],
          dependent_outputs: ['9'],
          class_type: 'KSampler',
        },
      },
    })
    expect((await post(port, '/prompt', '{"prompt": ')).json()).toMatchObject({ error: { type: 'invalid_json' } })
    expect((await post(port, '/prompt', '{"client_id": "x"}')).json()).toMatchObject({ error: { type: 'no_prompt' } })
    expect((await post(port, '/interrupt', 'not json')).status).toBe(200)
    expect((await post(port, '/queue', '[1, 2')).status).toBe(200)
    expect((await http(port, { path: '/nowhere' })).status).toBe(404)
    expect((await http(port, { path: '/api/system_stats' })).json()).toMatchObject({ devices: [{ type: 'cpu' }] })
  })

  it('answers from its cache what did not change, as ComfyUI does', async () => {
    const fake = await fakeComfy()
    const first = await runThrough(fake.url, API_PROMPT)
    const again = await runThrough(fake.url, API_PROMPT)
    const reseeded = await runThrough(fake.url, withSeed('42'))
    const cached = (events: typeof first.events) => events.find((event) => event.type === 'cached')
    const ran = (events: typeof first.events) => events.flatMap((e) => (e.type === 'executing' ? [e.node] : []))
    const saved = (events: typeof first.events) => events.find((event) => event.type === 'executed')
    expect(cached(first.events)).toEqual({ type: 'cached', nodes: [] })
    expect(cached(again.events)).toEqual({ type: 'cached', nodes: ['4', '6', '7', '5', '3', '8', '9'] })
    expect(ran(again.events)).toEqual([])
    expect(saved(again.events)).toEqual(saved(first.events))
    expect(cached(reseeded.events)).toEqual({ type: 'cached', nodes: ['4', '6', '7', '5'] })
    expect(ran(reseeded.events)).toEqual(['3', '8', '9'])
    expect(saved(reseeded.events)).toMatchObject({ output: { images: [{ filename: 'ComfyUI_00002_.png' }] } })
  })

  it('keeps /history and /queue in their shapes, with the prompt text as received', async () => {
    const fake = await fakeComfy()
    const { promptId, clientId } = await runThrough(fake.url, withSeed('18446744073709551615'))
    const reply = await http(fake.port, { path: `/history/${promptId}` })
    expect(reply.text).toContain('"seed": 18446744073709551615,')
    const entry = (reply.json() as Record<string, Json>)[promptId]
    expect((entry.prompt as unknown[]).slice(0, 2)).toEqual([0, promptId])
    expect((entry.prompt as unknown[]).slice(3)).toEqual([{ client_id: clientId }, ['9']])
    expect(entry.outputs).toEqual({
      '9': { images: [{ filename: 'ComfyUI_00001_.png', subfolder: '', type: 'output' }] },
    })
    const status = entry.status as { status_str: string; completed: boolean; messages: [string, Json][] }
    expect(status.messages.map(([type]) => type)).toEqual(['execution_start', 'execution_cached', 'execution_success'])
    expect(status).toMatchObject({ status_str: 'success', completed: true })
    expect(entry.meta).toEqual({ '9': { node_id: '9', display_node: '9', parent_node: null, real_node_id: '9' } })
    expect(Object.keys((await http(fake.port, { path: '/history?max_items=1' })).json() as Json)).toEqual([promptId])
    expect((await http(fake.port, { path: '/queue' })).json()).toEqual({ queue_running: [], queue_pending: [] })
    await post(fake.port, '/history', JSON.stringify({ delete: [promptId] }))
    expect((await http(fake.port, { path: `/history/${promptId}` })).json()).toEqual({})
  })

  it('takes a waiting prompt off the queue while the running one runs on', async () => {
    const fake = await fakeComfy({ stepDelayMs: 60 })
    const running = await queuePrompt(fake.url, { promptText: API_PROMPT, clientId: 'a' })
    const waiting = await queuePrompt(fake.url, { promptText: withSeed('5'), clientId: 'b' })
    const queue = (await http(fake.port, { path: '/queue' })).json() as Record<string, unknown[][]>
    expect(queue.queue_running.map((item) => item[1])).toEqual([running.promptId])
    expect(queue.queue_pending.map((item) => item[1])).toEqual([waiting.promptId])
    expect(await interrupt(fake.url, waiting.promptId)).toBe('removed')
    const events = await collect(followRun(fake.url, { ...running, clientId: 'a' }))
    expect(events.at(-2)).toMatchObject({ type: 'success' })
    expect((await http(fake.port, { path: '/queue' })).json()).toEqual({ queue_running: [], queue_pending: [] })
    expect((await http(fake.port, { path: `/history/${waiting.promptId}` })).json()).toEqual({})
  })

  it('serves outputs from /view and refuses paths out of its folders', async () => {
    const fake = await fakeComfy()
    await runThrough(fake.url, API_PROMPT)
    const view = (query: string) => http(fake.port, { path: `/api/view?${query}` })
    const png = await view('filename=ComfyUI_00001_.png&subfolder=&type=output')
    expect(png.status).toBe(200)
    expect(png.headers['content-type']).toBe('image/png')
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG')
    expect((await view('filename=../secret.png')).status).toBe(400)
    expect((await view('filename=ComfyUI_00001_.png&subfolder=../..')).status).toBe(403)
    expect((await view('filename=ComfyUI_00001_.png&type=elsewhere')).status).toBe(400)
    expect((await view('filename=ComfyUI_00099_.png')).status).toBe(404)
    expect((await view('subfolder=x')).status).toBe(404)
  })

  it('greets a socket with its sid, and tells a client reconnecting mid-run the running node', async () => {
    const fake = await fakeComfy({ stepDelayMs: 60 })
    const [hello] = await messages(`${fake.url.replace('http', 'ws')}/ws`, 1)
    expect(hello).toEqual({
      type: 'status',
      data: { status: { exec_info: { queue_remaining: 0 } }, sid: expect.any(String) },
    })
    expect(hello.data.sid).toMatch(/^[0-9a-f]{32}$/)
    // The same client id takes the server's socket over: the first socket hears nothing more, and
    // its idle check finds the run's end in /history.
    let rejoined: Promise<{ type: string; data: Json }[]> | null = null
    const { events } = await runThrough(fake.url, API_PROMPT, {
      idleCheckMs: 200,
      onEvent: (event, run) => {
        if (event.type === 'progress' && !rejoined) {
          rejoined = messages(`${fake.url.replace('http', 'ws')}/ws?clientId=${run.clientId}`, 2)
        }
      },
    })
    const [status, executing] = await (rejoined as unknown as Promise<{ type: string; data: Json }[]>)
    expect(status).toMatchObject({ type: 'status', data: { status: { exec_info: { queue_remaining: 1 } } } })
    expect(executing).toEqual({ type: 'executing', data: { node: '3' } })
    expect(events.slice(-3).map((event) => event.type)).toEqual(['executed', 'success', 'finished'])
    const upgrade = new WebSocket(`${fake.url.replace('http', 'ws')}/elsewhere`)
    const refused = await new Promise((resolve) => upgrade.on('error', (error) => resolve(error.message)))
    expect(refused).toBe('Unexpected server response: 404')
  })

  it('acts on magic text a person can type into a prompt', async () => {
    const fake = await fakeComfy()
    const failing = API_PROMPT.replace('"blurry, watermark"', `"blurry ${MAGIC.error}"`)
    const { events } = await runThrough(fake.url, failing)
    expect(events.at(-2)).toMatchObject({ type: 'error', nodeId: '7', nodeType: 'CLIPTextEncode' })
    const refused = API_PROMPT.replace('"blurry, watermark"', `"${MAGIC.refuse}"`)
    const error = await runThrough(fake.url, refused).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ComfyPromptRefused)
    expect((error as Error).message).toBe(
      `ComfyUI refused the prompt: Prompt outputs failed validation. Node 7 (CLIPTextEncode): Value not in list: text: '${MAGIC.refuse}' not in (list of length 3).`,
    )
  })
})
