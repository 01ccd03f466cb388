import { open, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { asObject, type TextEntries, type TextEntry } from './generation-facts'
import { parseLenientJson } from '../../shared/lenient-json'
import { readPngText } from './png-text'

const MAX_SIDECAR_JSON = 16 * 1024 * 1024
const INVOKE_KEYS = new Map([
  ['invokeai_metadata', 'invokeai_metadata'],
  ['invokeai_graph', 'invokeai_graph'],
  ['invokeai_workflow', 'invokeai_workflow'],
  ['metadata', 'invokeai_metadata'],
  ['graph', 'invokeai_graph'],
  ['workflow', 'invokeai_workflow'],
])

/** A sidecar file found for a video: where it is and its size. */
export interface FoundSidecar {
  path: string
  size: number
}

/**
 * Finds a sidecar by its path relative to the video's folder (`clip.png`, `../sidecars/clip.json`); null
 * when there is none. The path import looks on disk beside the video (`filesBeside`); an upload among the
 * other files of its drop (`main/ingest/upload-sidecars.ts`).
 */
export type SidecarFinder = (relative: string) => Promise<FoundSidecar | null>

/** Sidecars as files on disk around the video at `videoPath`. */
export function filesBeside(videoPath: string): SidecarFinder {
  const dir = path.dirname(videoPath)
  return async (relative) => {
    const candidate = path.join(dir, relative)
    const size = await fileSize(candidate)
    return size === null ? null : { path: candidate, size }
  }
}

/**
 * The names of the PNG VideoHelperSuite saves beside a video, best first: `<stem>.png`, and for its
 * `<stem>-audio.mp4` also `<stem>.png` (the PNG is written once, before the audio is muxed in).
 */
export function vhsSidecarNames(videoName: string): string[] {
  const { name } = path.parse(videoName)
  const stems = name.endsWith('-audio') ? [name, name.slice(0, -'-audio'.length)] : [name]
  return stems.map((stem) => `${stem}.png`)
}

/** The text chunks of the PNG VideoHelperSuite saved beside the video named `videoName`; null when there is none. */
export async function readVhsSidecar(videoName: string, find: SidecarFinder): Promise<TextEntries | null> {
  for (const name of vhsSidecarNames(videoName)) {
    const found = await find(name)
    if (!found) continue
    const file = await open(found.path, 'r')
    try {
      return await readPngText(file, found.size, `sidecar:${name}`)
    } finally {
      await file.close()
    }
  }
  return null
}

/**
 * InvokeAI's video sidecar: `sidecars/<stem>.json` beside the folder holding the video
 * (`…/videos/clip.mp4` → `…/sidecars/clip.json`), else in a `sidecars/` folder inside the video's own
 * folder. Its `invokeai_metadata`/`invokeai_graph`/`invokeai_workflow` (or `metadata`/`graph`/`workflow`)
 * keys become entries; a file holding the metadata object itself is taken as `invokeai_metadata`.
 */
export async function readInvokeSidecar(videoName: string, find: SidecarFinder): Promise<TextEntries | null> {
  const { name } = path.parse(videoName)
  for (const folder of ['../sidecars', 'sidecars']) {
    const found = await find(`${folder}/${name}.json`)
    if (!found) continue
    const source = `sidecar:sidecars/${name}.json`
    if (found.size > MAX_SIDECAR_JSON) {
      return { entries: [], problems: [`${source}: ${found.size} bytes, too large to read`] }
    }
    const parsed = parseLenientJson(await readFile(found.path, 'utf8'))
    const object = parsed.ok ? asObject(parsed.value) : undefined
    if (!object)
      return { entries: [], problems: [`${source}: ${parsed.ok ? 'not a JSON object' : `not JSON (${parsed.error})`}`] }
    const entries: TextEntry[] = Object.entries(object).flatMap(([key, value]) => {
      const mapped = INVOKE_KEYS.get(key.toLowerCase())
      if (!mapped) return []
      return [
        { key: mapped, text: typeof value === 'string' ? value : JSON.stringify(value), source: `${source}:${key}` },
      ]
    })
    if (entries.length === 0 && ('positive_prompt' in object || 'generation_mode' in object)) {
      entries.push({ key: 'invokeai_metadata', text: JSON.stringify(object), source })
    }
    return { entries, problems: [] }
  }
  return null
}

async function fileSize(file: string): Promise<number | null> {
  try {
    const info = await stat(file)
    return info.isFile() ? info.size : null
  } catch {
    return null
  }
}
