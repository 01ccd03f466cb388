import { open } from 'node:fs/promises'
import type { FfprobeOutput } from './media-metadata'
import { readJpeg } from './jpeg-probe'
import { EBML_MAGIC } from './matroska-layout'
import { readMatroska } from './matroska-probe'
import { readMp4 } from './mp4-probe'
import { PNG_SIGNATURE, readPng } from './png-probe'

/** What an import stores as `probedWith` when the file was read in process rather than by an ffprobe. */
export const IN_PROCESS = 'in-process'

/**
 * ffprobe's description of a file read from its container headers without starting ffprobe, for
 * the files this reader is sure of (plain MP4/MOV/M4V with H.264 and AAC-LC, whole WebM/Matroska
 * with VP8/VP9/H.264 and Opus/AAC-LC, still PNG, YCbCr JPEG); null for every other file, which
 * then goes to ffprobe. Never throws: a hostile, cut or unreadable file is null too.
 */
export async function probeInProcess(filePath: string): Promise<FfprobeOutput | null> {
  let file
  try {
    file = await open(filePath, 'r')
    const { size } = await file.stat()
    const head = Buffer.alloc(8)
    await file.read(head, 0, 8, 0)
    if (head.equals(PNG_SIGNATURE)) return await readPng(file, size)
    if (head[0] === 0xff && head[1] === 0xd8) return await readJpeg(file, size, filePath)
    if (head.subarray(0, 4).equals(EBML_MAGIC)) return await readMatroska(file, size)
    if (head.toString('latin1', 4, 8) !== 'ftyp') return null
    return await readMp4(file, size)
  } catch {
    // Unsure (see iso-boxes.ts), or a read that failed: ffprobe decides, and reports what it finds.
    return null
  } finally {
    await file?.close().catch(() => {})
  }
}

/** Whether the in-process reader is turned off: FRAMEVAULT_PROBE=ffprobe sends every file to ffprobe. */
export function ffprobeOnly(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.FRAMEVAULT_PROBE === 'ffprobe'
}
