import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { AssetWorkflow, Generation } from '../../shared/contract'
import { readGeneration } from '../../main/generation/read-generation'
import { heifFirstImage } from '../../main/media/heif-first-image'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'
import { thumbnailPaths } from '../../main/library/library-paths'
import { makeAvif } from '../fixtures/avif-writer'
import { comfyApiPrompt } from '../fixtures/comfy-documents'
import { INTEROP, INTEROP_WORKFLOW_IDS } from '../fixtures/interop-fixtures'
import { tiffExif } from '../fixtures/metadata-writers'
import { call } from '../helpers/browse'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

type AssetGeneration = { generation: Generation | null; workflows: AssetWorkflow[] }

/** Width and height of a baseline JPEG, read from its frame header. */
function jpegSize(jpeg: Buffer): { width: number; height: number } {
  for (let at = 2; at + 9 <= jpeg.length; at += 2 + jpeg.readUInt16BE(at + 2)) {
    const marker = jpeg[at + 1]!
    if (marker === 0xc0 || marker === 0xc2)
      return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) }
  }
  throw new Error('no JPEG frame header')
}

describe('AVIF from ComfyUI (issue 18)', () => {
  it('reads the prompt and workflow from the Exif item', async () => {
    const facts = await readGeneration({ filePath: fixtures.genComfyAvif, mediaType: 'image' })
    expect(facts.problems).toEqual([])
    expect(facts.sources).toEqual(['avif:exif:Model:Prompt', 'avif:exif:Make:Workflow'])
    expect(facts).toMatchObject({
      provider: 'comfyui',
      prompt: INTEROP.avif.positive,
      seed: INTEROP.avif.seed,
      model: INTEROP.avif.ckpt,
      workflow: { format: 'comfyui-ui', id: INTEROP_WORKFLOW_IDS.avif },
    })
  })

  it('reads the {"prompt", "workflow"} JSON that ComfyUI image-saving nodes put in an IFD0 UserComment', async () => {
    // save-image-extended writes `exif[0x9286] = json.dumps({"prompt": …, "workflow": …})` with Pillow,
    // which stores it in IFD0 as an ASCII tag (no character-code header); ComfyUI's AVIF loader reads it.
    const ivf = path.join(tempDir(), 'still.ivf')
    const still = ['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=1', '-frames:v', '1', '-pix_fmt', 'yuv420p']
    const av1 = ['-c:v', 'libaom-av1', '-strict', 'experimental', '-cpu-used', '8', '-crf', '40', '-b:v', '0']
    await runTool(resolveMediaTools().ffmpeg, ['-v', 'error', '-nostdin', '-y', ...still, ...av1, '-f', 'ivf', ivf])
    const workflowId = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b'
    const comment = JSON.stringify({
      prompt: comfyApiPrompt(INTEROP.avif),
      workflow: { id: workflowId, last_node_id: 9, nodes: [], links: [], version: 0.4 },
    })
    const file = path.join(tempDir(), 'myFile_0001.avif')
    writeFileSync(file, makeAvif(readFileSync(ivf), { width: 64, height: 64 }, tiffExif([[0x9286, comment]])))
    const facts = await readGeneration({ filePath: file, mediaType: 'image' })
    expect(facts.problems).toEqual([])
    expect(facts.sources).toEqual(['avif:exif:UserComment:prompt', 'avif:exif:UserComment:workflow'])
    expect(facts).toMatchObject({
      provider: 'comfyui',
      prompt: INTEROP.avif.positive,
      seed: INTEROP.avif.seed,
      workflow: { format: 'comfyui-ui', id: workflowId },
    })
  })

  it('says so when the boxes holding the Exif item are broken, rather than finding nothing', async () => {
    const avif = Buffer.from(readFileSync(fixtures.genComfyAvif))
    // The iref box now claims to run far past the meta box around it.
    const iref = avif.indexOf(Buffer.from('iref', 'latin1')) - 4
    avif.writeUInt32BE(0xffff, iref)
    const file = path.join(tempDir(), 'broken.avif')
    writeFileSync(file, avif)
    const facts = await readGeneration({ filePath: file, mediaType: 'image' })
    expect(facts.provider).toBeNull()
    expect(facts.problems).toEqual(["avif: box 'iref' overruns its parent"])
  })

  it('imports with its generation, its workflow association and a poster the bundled ffmpeg decoded', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.genComfyAvif])
    const item = itemFor(items, fixtures.genComfyAvif)
    expect(item.outcome).toBe('imported')
    const asset = (await lib.catalog.repos.media.get(item.asset!.id))!
    expect(asset).toMatchObject({ mediaType: 'image', resolution: '64x64', error: null })
    expect(asset.metadata!.generationProblems).toBeUndefined()
    // Filed as AVIF, not under the MP4 family ffprobe's ISO demuxer reads it with.
    expect(asset.metadata).toMatchObject({ container: 'avif', containerName: 'AVIF' })
    const facets = await call<{ container: Array<{ value: string; count: number }> }>(lib, 'media:facets', {})
    expect(facets.container).toEqual([{ value: 'avif', count: 1 }])
    const { generation, workflows } = await call<AssetGeneration>(lib, 'generation:get', { id: asset.id })
    expect(generation).toMatchObject({ provider: 'comfyui', prompt: INTEROP.avif.positive, seed: '6006' })
    expect(workflows).toEqual([expect.objectContaining({ workflowId: INTEROP_WORKFLOW_IDS.avif, role: 'output' })])
    // The poster is the picture itself (64x64, kept at its size), not a failure.
    expect(jpegSize(readFileSync(thumbnailPaths(lib.dir, asset.id).poster))).toEqual({ width: 64, height: 64 })
  })

  it('makes the poster of an RGB-coded AVIF in its own colours, not magenta and green', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.rgbAvif])
    const asset = (await lib.catalog.repos.media.get(itemFor(items, fixtures.rgbAvif).asset!.id))!
    const poster = thumbnailPaths(lib.dir, asset.id).poster
    // The poster's pixels at the middle of each half (white left, black right), as 8-bit RGB.
    const pixel = (x: number) => [
      ...execFileSync(resolveMediaTools().ffmpeg, [
        ...['-v', 'error', '-i', poster, '-vf', `crop=1:1:${x}:32`],
        ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      ]),
    ]
    // Read as Y, U and V, white came out magenta (255, 120, 255) and black green (0, 135, 0).
    expect(pixel(16).map((channel) => channel >= 230)).toEqual([true, true, true])
    expect(pixel(48).map((channel) => channel <= 25)).toEqual([true, true, true])
  })

  it('makes the poster of a gridded AVIF from its tiles, put together and cropped', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.gridAvif])
    const asset = (await lib.catalog.repos.media.get(itemFor(items, fixtures.gridAvif).asset!.id))!
    expect(asset.error).toBeNull()
    const poster = readFileSync(thumbnailPaths(lib.dir, asset.id).poster)
    expect(jpegSize(poster)).toEqual({ width: 60, height: 60 })
  })

  it('names in words why a HEIF picture it cannot decode has no thumbnail (a HEIC-like hvc1 item)', async () => {
    const avif = readFileSync(fixtures.genComfyAvif)
    // The same file with its picture item declared HEVC: the item type in its infe box.
    const at = avif.indexOf(Buffer.from('av01\0', 'latin1'))
    expect(at).toBeGreaterThan(0)
    const heic = Buffer.from(avif)
    heic.write('hvc1', at, 'latin1')
    const file = path.join(tempDir(), 'picture.avif')
    writeFileSync(file, heic)
    const handle = await open(file, 'r')
    await expect(heifFirstImage(handle)).rejects.toThrow('HEIC pictures (HEVC) cannot be decoded by the bundled ffmpeg')
    await handle.close()
    const plain = await open(fixtures.png, 'r')
    expect(await heifFirstImage(plain)).toBeNull()
    await plain.close()
  })
})
