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

/**
 * The PNG VideoHelperSuite saves beside a video (`<stem>.png` in the same folder; for its
 * `<stem>-audio.mp4` also `<stem>.png`), with its text chunks; null when there is none.
 */
export async function readVhsSidecar(videoPath: string): Promise<TextEntries | null> {
  const { dir, name } = path.parse(videoPath)
  const stems = name.endsWith('-audio') ? [name, name.slice(0, -'-audio'.length)] : [name]
  for (const stem of stems) {
    const candidate = path.join(dir, `${stem}.png`)
    const size = await fileSize(candidate)
    if (size === null) continue
    const file = await open(candidate, 'r')
    try {
      return await readPngText(file, size, `sidecar:${stem}.png`)
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
export async function readInvokeSidecar(videoPath: string): Promise<TextEntries | null> {
  const { dir, name } = path.parse(videoPath)
  for (const folder of [path.join(path.dirname(dir), 'sidecars'), path.join(dir, 'sidecars')]) {
    const candidate = path.join(folder, `${name}.json`)
    const size = await fileSize(candidate)
    if (size === null) continue
    const source = `sidecar:${path.basename(folder)}/${name}.json`
    if (size > MAX_SIDECAR_JSON) return { entries: [], problems: [`${source}: ${size} bytes, too large to read`] }
    const parsed = parseLenientJson(await readFile(candidate, 'utf8'))
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
