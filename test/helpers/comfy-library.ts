import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { FakeComfyOptions } from '../../main/comfy/fake/server'
import { setComfyServer } from '../../main/services/comfy-runs/comfy-server'
import { API_PROMPT, fakeComfy, runThrough, UI_WORKFLOW } from './comfy'
import { importAndWait } from './ingest'
import { testLibrary } from './library'

/**
 * A library holding one PNG a fake ComfyUI made from the fixture prompt, its ComfyUI server set to that
 * fake ('same', whose cache then holds the prompt) or to a new fake with `server`'s options.
 */
export async function sourcedLibrary(server: Omit<FakeComfyOptions, 'ffmpeg'> | 'same' = 'same') {
  const maker = await fakeComfy()
  await runThrough(maker.url, API_PROMPT, { workflow: UI_WORKFLOW })
  const made = readdirSync(maker.outputDir, { recursive: true, encoding: 'utf8' }).find((name) =>
    name.endsWith('.png'),
  )!
  const lib = testLibrary()
  const { items } = await importAndWait(lib, [path.join(maker.outputDir, made)])
  const assetId = items[0]!.asset!.id
  const target = server === 'same' ? maker : await fakeComfy(server)
  await setComfyServer(lib, target.url)
  return { lib, assetId, server: target }
}
