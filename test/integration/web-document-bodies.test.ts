import { afterEach, describe, expect, it } from 'vitest'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { generatedApiPrompt } from '../fixtures/workflows/generate-workflow'
import { http } from '../helpers/http'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

let host: WebHost | undefined
afterEach(async () => {
  await host?.close()
  host = undefined
})

async function post(channel: string, body: string) {
  host ??= await startWebHost({ library: testLibrary(), rendererDir: tempDir(), port: 0 })
  const headers = {
    host: `127.0.0.1:${host.port}`,
    authorization: `Bearer ${host.token}`,
    'content-type': 'application/json',
  }
  const reply = await http(host.port, { method: 'POST', path: `/api/${channel}`, headers, body })
  return reply.json() as { ok: boolean; error?: { code: string; message: string } }
}

describe('web host request bodies', () => {
  it('takes a workflow definition past 1 MiB, as the contract allows, and keeps 1 MiB for other channels', async () => {
    // A 12,000-node ComfyUI prompt is about 1.4 MB of JSON, sent as a string inside the request's JSON.
    const definition = JSON.stringify(generatedApiPrompt(12_000))
    expect(definition.length).toBeGreaterThan(1024 * 1024)
    const created = await post(
      'workflows:create',
      JSON.stringify({ name: 'big', status: 'saved', format: 'comfyui-api', definition }),
    )
    expect(created).toMatchObject({ ok: true })
    const listed = await post('media:list', JSON.stringify({ query: 'x'.repeat(1024 * 1024) }))
    expect(listed).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'The request body is larger than 1 MiB.' },
    })
  })

  it('still refuses a document body past 24 MiB before reading it all', async () => {
    const huge = JSON.stringify({
      name: 'huge',
      status: 'saved',
      format: 'native',
      definition: 'x'.repeat(25 * 1024 * 1024),
    })
    expect(await post('workflows:create', huge)).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'The request body is larger than 24 MiB.' },
    })
  })
})
