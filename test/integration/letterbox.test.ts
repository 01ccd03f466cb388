import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'
import { detectPictureArea } from '../../main/similar/letterbox'
import { tempDir } from '../helpers/temp-dir'

const { ffmpeg } = resolveMediaTools()

/** A 2 s 320x240 H.264 clip of the lavfi graph `graph`. */
async function clip(graph: string): Promise<string> {
  const file = path.join(tempDir(), 'clip.mp4')
  await runTool(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', graph, '-t', '2', '-pix_fmt', 'yuv420p', file])
  return file
}

describe('detectPictureArea', () => {
  it('finds a 4:3 picture between pillarbox bars', async () => {
    const area = await detectPictureArea(ffmpeg, await clip('testsrc2=s=240x240:r=25,pad=320:240:40:0:black'))
    expect(area).toEqual({ width: 240, height: 240, x: 40, y: 0 })
  })

  it('finds a picture boxed on all four sides', async () => {
    const area = await detectPictureArea(ffmpeg, await clip('testsrc2=s=256x180:r=25,pad=320:240:32:30:black'))
    expect(area).toEqual({ width: 256, height: 180, x: 32, y: 30 })
  })

  it('leaves a picture without bars whole', async () => {
    expect(await detectPictureArea(ffmpeg, await clip('testsrc2=s=320x240:r=25'))).toBeNull()
  })

  it('does not take dark footage around a small bright title for bars', async () => {
    const dark = 'color=c=black:s=320x240:r=25,drawbox=x=130:y=100:w=60:h=40:color=white:t=fill'
    expect(await detectPictureArea(ffmpeg, await clip(dark))).toBeNull()
  })

  it('says nothing of an all-black clip', async () => {
    expect(await detectPictureArea(ffmpeg, await clip('color=c=black:s=320x240:r=25'))).toBeNull()
  })
})
