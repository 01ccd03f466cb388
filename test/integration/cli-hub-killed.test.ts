import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { spawnCli } from '../helpers/cli'
import { fakeRenderer, startHostCli, type StartedHost } from '../helpers/host-cli'
import { channelData } from '../helpers/http'
import { until } from '../helpers/hub-workers'
import { tempDir } from '../helpers/temp-dir'

// Issue 61 point 7, with real processes: `import --hub` across a hub killed while the import runs. Before, the
// command waited silently for good (and with the printed token, polled into 401 after the restart).
/** `count` short clips, each of its own content (a hue of its own), in a folder of their own. */
function clips(count: number): string[] {
  const folder = tempDir()
  return Array.from({ length: count }, (_, index) => {
    const file = path.join(folder, `clip-${index}.mp4`)
    const source = `testsrc2=s=640x360:r=25:d=2,hue=h=${index * 20}`
    execFileSync(resolveMediaTools().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', source, '-pix_fmt', 'yuv420p', file])
    return file
  })
}

const data = <T>(hub: StartedHost, token: string, channel: string, input: unknown) =>
  channelData<T>(hub.port, token, channel, input)

describe('import --hub when the hub is killed during the import', () => {
  it('says it is waiting for the hub within 30 s, hears it again, and ends with the job’s failure in words', async () => {
    const folder = tempDir()
    const hubArgs = (port: number) => ['--data', folder, '--port', String(port), '--renderer', fakeRenderer()]
    const hub = await startHostCli('main/hub/hub-cli.ts', hubArgs(0))
    // A person's token: the printed one is revoked by the next start.
    const { token } = await data<{ token: string }>(hub, hub.token, 'people:add', { name: 'Eddie', role: 'editor' })
    const files = clips(16)
    const command = spawnCli(['import', '--hub', `http://127.0.0.1:${hub.port}`, '--token', token, ...files])
    let said = ''
    command.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')))
    let printed = ''
    command.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')))
    const exited = new Promise<number | null>((resolve) => command.once('exit', resolve))

    // Killed once the command follows the job: when it has printed a file's outcome.
    await until(async () => printed.includes('\n') || command.exitCode !== null, 180_000)
    expect(command.exitCode, said).toBeNull()
    hub.child.kill('SIGKILL')
    const killedAt = Date.now()
    await until(async () => said.includes('No answer from the hub; waiting'), 30_000).catch(() => {
      throw new Error(`The command did not say it waits; it said:\n${said}\nand printed:\n${printed}`)
    })

    const waitingAfter = (Date.now() - killedAt) / 1000
    // Back on its port: the command hears the hub again and ends with the job, which the restart found cut off.
    await startHostCli('main/hub/hub-cli.ts', hubArgs(hub.port))
    expect(await exited, said).toBe(1)
    expect(said).toContain('The hub answers again.')
    expect(said).toMatch(/^Import failed: \d+ imported, .+/m)
    console.log(`import --hub across a killed hub: said it waits ${waitingAfter.toFixed(1)} s after the kill`)
    // The files imported before the kill were printed, each once.
    const lines = printed.trim().split('\n').filter(Boolean)
    const named = lines.map((line) => (JSON.parse(line) as { path: string; outcome: string }).path)
    expect(new Set(named).size).toBe(named.length)
  }, 360_000)
})
