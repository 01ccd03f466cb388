// Pasted or dropped JSON read as a workflow before the backend is asked (the New workflow form, the import panel).
import { detectFormat, storedFormat, toGraph } from './index'
import type { DetectedFormat, StoredFormat } from './types'
import { describedName, fileTitle, ownTitle } from './workflow-name'

/** What pasted or dropped text is: a workflow ready for `workflows:create`, or why it is refused. */
export type PastedWorkflow =
  | { ok: true; definition: string; format: StoredFormat; detected: DetectedFormat; id?: string; name: string }
  | { ok: false; problem: string }

/**
 * Reads pasted or dropped JSON before the backend is asked: not JSON, or no format Framevault
 * knows, is refused in words. A ComfyUI UI workflow keeps its own `id` (as the import does), so the
 * same workflow pasted twice is one row. The suggested name is the file's (`fileName`, a dropped or
 * chosen file's, unless a tool's default such as "workflow (2).json"), else the workflow's own title,
 * else what it does ("flux1-dev → image"), the rules the import names workflows by.
 */
export function readPastedWorkflow(text: string, fileName = ''): PastedWorkflow {
  if (text.trim() === '') return { ok: false, problem: 'Paste a workflow’s JSON or drop a .json file first.' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, problem: `This is not JSON (${(error as Error).message}).` }
  }
  const detected = detectFormat(value)
  if (detected === null) {
    return {
      ok: false,
      problem:
        'This JSON is not a workflow Framevault can read: expected a ComfyUI workflow (UI or API format), an InvokeAI graph or workflow, or nodes with connections.',
    }
  }
  const record = value as Record<string, unknown>
  const ownId = detected === 'comfyui-ui' && typeof record.id === 'string' && record.id.length <= 200 ? record.id : ''
  const graph = toGraph(value, detected)
  const name = fileTitle(fileName) ?? ownTitle(value, graph) ?? describedName(graph, detected) ?? ''
  return {
    ok: true,
    definition: text,
    format: storedFormat(detected),
    detected,
    ...(ownId.trim() === '' ? {} : { id: ownId }),
    name,
  }
}
