import { afterEach } from 'vitest'
import { startFakeComfy, type FakeComfy, type FakeComfyOptions } from '../../main/comfy/fake/server'
import { connectRun, followRun, type FollowOptions } from '../../main/comfy/follow-run'
import { queuePrompt } from '../../main/comfy/comfy-client'
import type { RunEvent } from '../../main/comfy/run-events'
import { resolveMediaTools } from '../../main/media/media-tools'

export { API_PROMPT, UI_WORKFLOW, VHS_PROMPT, withSeed } from './comfy-prompts'

const running: FakeComfy[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()))
})

/** A fake ComfyUI on a free port with the bundled ffmpeg, closed after the current test. */
export async function fakeComfy(options: Omit<FakeComfyOptions, 'ffmpeg'> = {}): Promise<FakeComfy> {
  const fake = await startFakeComfy({ ffmpeg: resolveMediaTools().ffmpeg, ...options })
  running.push(fake)
  return fake
}

/** All events of an iteration, in order. */
export async function collect(events: AsyncIterable<RunEvent>, onEvent?: (event: RunEvent) => void) {
  const seen: RunEvent[] = []
  for await (const event of events) {
    seen.push(event)
    onEvent?.(event)
  }
  return seen
}

let clients = 0

/** Connects, queues `promptText` and follows the run to its end, as a run service would. */
export async function runThrough(
  url: string,
  promptText: string,
  options: Partial<FollowOptions> & {
    workflow?: string
    onEvent?: (event: RunEvent, run: { promptId: string; clientId: string }) => void
  } = {},
) {
  const clientId = `test-client-${process.pid}-${++clients}`
  const connection = await connectRun(url, clientId)
  const { promptId } = await queuePrompt(url, { promptText, clientId, workflow: options.workflow })
  const events = await collect(followRun(url, { ...options, promptId, clientId, connection }), (event) =>
    options.onEvent?.(event, { promptId, clientId }),
  )
  return { promptId, clientId, events }
}

/** Event types in order, repeats of progress folded into one. */
export const typesOf = (events: RunEvent[]) =>
  events.map((event) => event.type).filter((type, i, all) => type !== 'progress' || all[i - 1] !== 'progress')

/** A PNG's tEXt chunks, by keyword. */
export function pngTexts(png: Buffer): Map<string, string> {
  const texts = new Map<string, string>()
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    const data = png.subarray(at + 8, at + 8 + length)
    if (type === 'tEXt') {
      const nul = data.indexOf(0)
      texts.set(data.toString('latin1', 0, nul), data.toString('latin1', nul + 1))
    }
    at += 12 + length
  }
  return texts
}
