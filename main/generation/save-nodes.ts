import type { ApiPrompt } from './comfy-prompt'
import { asText, type SaveNodeCandidate } from './generation-facts'

type Inputs = Record<string, unknown>

/** The extensions each known ComfyUI output node writes, from its inputs. */
const KNOWN: Record<string, (inputs: Inputs) => string[]> = {
  SaveImage: () => ['png'],
  PreviewImage: () => ['png'],
  SaveAnimatedWEBP: () => ['webp'],
  SaveAnimatedPNG: () => ['png', 'apng'],
  SaveWEBM: () => ['webm'],
  // ComfyUI's SaveVideo: format "auto" writes mp4.
  SaveVideo: (inputs) => [asText(inputs.format) === 'webm' ? 'webm' : 'mp4'],
  SaveAudio: () => ['flac'],
  SaveAudioMP3: () => ['mp3'],
  SaveAudioOpus: () => ['opus'],
  // VideoHelperSuite also saves the first frame as a PNG beside the video, carrying the workflow.
  VHS_VideoCombine: (inputs) => [...vhsExtensions(inputs.format), 'png'],
}

/**
 * The nodes of an API prompt that write files (known save nodes, and any node with a
 * `filename_prefix`), best first: those whose kind writes files with `extension` first, then
 * known kinds, then by node id.
 */
export function saveNodesOf(prompt: ApiPrompt, extension: string): SaveNodeCandidate[] {
  const wanted = extension.toLowerCase().replace(/^\./, '')
  const candidates: Array<SaveNodeCandidate & { known: boolean }> = []
  for (const [nodeId, node] of Object.entries(prompt)) {
    // Own keys only: a node named "constructor" must not find Object's.
    const known = Object.hasOwn(KNOWN, node.class_type) ? KNOWN[node.class_type] : undefined
    if (!known && !('filename_prefix' in node.inputs) && !/save/i.test(node.class_type)) continue
    const writes = known ? known(node.inputs) : genericExtensions(node.inputs)
    const fits = writes.includes(wanted) || (wanted === 'jpeg' && writes.includes('jpg'))
    candidates.push({ nodeId, nodeType: node.class_type, fits, known: known !== undefined })
  }
  candidates.sort(
    (a, b) =>
      Number(b.fits) - Number(a.fits) ||
      Number(b.known) - Number(a.known) ||
      a.nodeId.localeCompare(b.nodeId, 'en', { numeric: true }),
  )
  return candidates.map(({ nodeId, nodeType, fits }) => ({ nodeId, nodeType, fits }))
}

/** VideoHelperSuite's `format` ("video/h264-mp4", "image/gif", "video/ProRes") as the extension it writes. */
function vhsExtensions(format: unknown): string[] {
  const text = asText(format)?.toLowerCase()
  if (!text) return []
  const last = text.slice(text.lastIndexOf('/') + 1)
  const extension = last.slice(last.lastIndexOf('-') + 1)
  return [extension === 'prores' ? 'mov' : extension]
}

/** A custom save node's extension or format input ("webp", "jpg", "image/png"). */
function genericExtensions(inputs: Inputs): string[] {
  const value = asText(inputs.extension) ?? asText(inputs.format) ?? asText(inputs.file_type)
  if (!value) return []
  const extension = value.toLowerCase().replace(/^.*[/.]/, '')
  return extension === 'jpeg' ? ['jpg', 'jpeg'] : [extension]
}
