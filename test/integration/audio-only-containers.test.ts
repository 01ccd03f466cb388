import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { AssetWorkflow, Generation } from '../../shared/contract'
import { thumbnailPaths } from '../../main/library/library-paths'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'
import { api, meta, ui } from '../fixtures/generation-fixtures'
import { INTEROP, INTEROP_WORKFLOW_IDS } from '../fixtures/interop-fixtures'
import { call } from '../helpers/browse'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

type AssetGeneration = { generation: Generation | null; workflows: AssetWorkflow[] }

describe('audio in video containers (issue 18)', () => {
  it.each([
    ['mp4 (AAC)', 'genComfyAudioMp4', 'aac', INTEROP.audioMp4, INTEROP_WORKFLOW_IDS.audioMp4, 'SaveAudio'],
    ['webm (Opus)', 'genComfyAudioWebm', 'opus', INTEROP.audioWebm, INTEROP_WORKFLOW_IDS.audioWebm, 'SaveAudioOpus'],
  ] as const)(
    'imports an audio-only %s as an audio asset with a waveform poster and its ComfyUI workflow',
    async (_, name, codec, documents, workflowId, saveNode) => {
      const lib = testLibrary()
      const file = fixtures[name]
      const { items } = await importAndWait(lib, [file])
      const item = itemFor(items, file)
      expect(item.reason ?? null).toBeNull()
      expect(item.outcome).toBe('imported')
      const asset = (await lib.catalog.repos.media.get(item.asset!.id))!
      expect(asset).toMatchObject({ mediaType: 'audio', codec, resolution: null, fps: null, error: null })
      expect(asset.durationSeconds).toBeCloseTo(1, 1)
      expect(path.relative(lib.dir, asset.filePath)).toBe(
        path.join('media', 'audio', asset.id.slice(0, 2), `${asset.id}${path.extname(file)}`),
      )
      // The waveform poster audio assets get (480x270 JPEG), and no sprite sheet.
      const thumbs = thumbnailPaths(lib.dir, asset.id)
      const poster = readFileSync(thumbs.poster)
      expect(poster.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
      expect(() => readFileSync(thumbs.sprite)).toThrow(/ENOENT/)

      const { generation, workflows } = await call<AssetGeneration>(lib, 'generation:get', { id: asset.id })
      expect(generation).toMatchObject({
        provider: 'comfyui',
        prompt: documents.positive,
        seed: String(documents.seed),
      })
      expect(workflows).toEqual([expect.objectContaining({ workflowId, nodeType: saveNode, role: 'output' })])
    },
  )

  it('imports an audio-only WebM in Vorbis (the other codec ComfyUI writes there) as audio with its workflow', async () => {
    const o = INTEROP.audioWebm
    const file = path.join(tempDir(), 'ComfyUI_00003_.webm')
    const tone = ['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:duration=1', '-c:a', 'libvorbis']
    const tags = [...meta('PROMPT', api(o)), ...meta('WORKFLOW', ui(o, INTEROP_WORKFLOW_IDS.audioWebm))]
    await runTool(resolveMediaTools().ffmpeg, ['-v', 'error', '-nostdin', '-y', ...tone, ...tags, '-f', 'webm', file])
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [file])
    const asset = (await lib.catalog.repos.media.get(itemFor(items, file).asset!.id))!
    expect(asset).toMatchObject({ mediaType: 'audio', codec: 'vorbis', resolution: null, error: null })
    const { generation, workflows } = await call<AssetGeneration>(lib, 'generation:get', { id: asset.id })
    expect(generation).toMatchObject({ provider: 'comfyui', prompt: o.positive, seed: String(o.seed) })
    expect(workflows).toEqual([expect.objectContaining({ workflowId: INTEROP_WORKFLOW_IDS.audioWebm, role: 'output' })])
  })

  it('still refuses a video container with neither picture nor sound', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.textAsMp4])
    expect(items[0]).toMatchObject({ outcome: 'failed' })
    expect(items[0]!.reason).toMatch(/^Not a readable video/)
  })
})
