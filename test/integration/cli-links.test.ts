import { afterEach, describe, expect, it } from 'vitest'
import { openLibrary } from '../../main/app/open-library'
import { openHubLibrary } from '../../main/app/open-hub-library'
import { librarySource } from '../../main/app/library-session'
import type { Library } from '../../main/services/library-context'
import { createCollection } from '../../main/services/collections/collections'
import { startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import { startWebHost } from '../../main/web/web-host'
import { cli, jsonLines } from '../helpers/cli'
import { http } from '../helpers/http'
import { freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

// Issue 60 point 7: `link create --collection NAME [--expires 7d] [--password P] [--downloads]`, `links` and
// `link revoke ID`, on a library folder and on a hub with `--hub URL --token T`.
const closing: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
})

interface Target {
  at: string[]
  /** The origin a link's address starts with ('' for a library folder, which has no address of its own). */
  origin: string
  /** The status `GET /r/<token>` answers on the hub; null for a library folder, served by no one here. */
  opens: ((token: string) => Promise<number>) | null
}

async function libraryFolder(): Promise<Target> {
  const dir = tempDir()
  const lib = openLibrary(dir)
  await createCollection(lib, 'Dailies')
  await lib.close()
  return { at: ['--library', dir], origin: '', opens: null }
}

async function servedHub(): Promise<Target> {
  let origin = ''
  const hub: Library = await openHubLibrary(tempDir(), await freshHubDatabase(), {
    actor: 'hub',
    publicAddress: () => origin,
  })
  const { token } = await startToken(hub)
  await createCollection(hub, 'Dailies')
  const host = await startWebHost({ library: hub, rendererDir: tempDir(), access: peopleAccess(librarySource(hub)) })
  origin = `http://127.0.0.1:${host.port}`
  closing.push(
    () => hub.close(),
    () => host.close(),
  )
  const opens = async (link: string) =>
    (await http(host.port, { path: `/r/${link}`, headers: { host: `127.0.0.1:${host.port}`, accept: 'text/html' } }))
      .status
  return { at: ['--hub', origin, '--token', token], origin, opens }
}

describe.each([
  ['a library folder', libraryFolder],
  ['a hub', servedHub],
])('review links from the CLI on %s', (_where, target) => {
  it('creates a link and prints its address alone, lists links without their secret, and revokes one', async () => {
    const { at, origin, opens } = await target()
    const made = await cli([
      'link',
      'create',
      '--collection',
      'dailies',
      '--expires',
      '7d',
      '--password',
      'pass1',
      '--downloads',
      ...at,
    ])
    expect(made).toMatchObject({ code: 0, stderr: '' })
    const lines = made.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const address = lines[0]!
    expect(address).toMatch(new RegExp(`^${origin.replace(/[.]/g, '\\.')}/r/fvl_[A-Za-z0-9_-]{43}$`))
    const token = address.slice(address.lastIndexOf('/') + 1)
    const plain = await cli(['link', 'create', '--collection', 'Dailies', ...at])
    expect(plain.code).toBe(0)

    const listed = await cli(['links', ...at])
    expect(listed.stdout).not.toContain('fvl_')
    const links = jsonLines<{
      id: number
      state: string
      password: boolean
      downloads: boolean
      expiresAt: string | null
    }>(listed.stdout)
    expect(links.map((l) => [l.state, l.password, l.downloads, l.expiresAt === null])).toEqual([
      ['open', false, false, true],
      ['open', true, true, false],
    ])
    const week = Date.parse(links[1]!.expiresAt!) - Date.now()
    expect(week).toBeGreaterThan(7 * 86400_000 - 120_000)
    expect(week).toBeLessThanOrEqual(7 * 86400_000)
    if (opens) expect(await opens(token)).toBe(401)

    const revoked = await cli(['link', 'revoke', String(links[1]!.id), ...at])
    expect(revoked.code).toBe(0)
    expect(jsonLines<{ link: { id: number; state: string } }>(revoked.stdout)).toEqual([
      { link: expect.objectContaining({ id: links[1]!.id, state: 'revoked' }) },
    ])
    if (opens) expect(await opens(token)).toBe(410)
    expect(jsonLines<{ state: string }>((await cli(['links', ...at])).stdout).map((l) => l.state)).toEqual([
      'open',
      'revoked',
    ])
  })

  it('refuses what names nothing, in words', async () => {
    const { at } = await target()
    const cases: Array<[string[], string]> = [
      [['link', 'create'], '--collection NAME is required.'],
      [['link', 'create', '--collection', 'Nope'], 'No collection named "Nope".'],
      [
        ['link', 'create', '--collection', 'Dailies', '--expires', '7 days'],
        '--expires takes a count and m, h, d or w',
      ],
      [['link', 'revoke', '42'], 'No review link with id 42.'],
      [['link', 'revoke', 'x'], 'A link\'s id is a number, not "x".'],
      [['link', 'share'], 'Unknown link command "share".'],
    ]
    for (const [args, words] of cases) {
      const run = await cli([...args, ...at])
      expect({ args, code: run.code === 0 ? 0 : 'error', stderr: run.stderr }).toEqual({
        args,
        code: 'error',
        stderr: expect.stringContaining(words),
      })
    }
  })
})
