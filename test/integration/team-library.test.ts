import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Library } from '../../main/services/library-context'
import { librarySource } from '../../main/app/library-session'
import { openLibrary } from '../../main/app/open-library'
import { checkTeamLibrary } from '../../main/app/team-library'
import { addPerson, signIn, startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { http } from '../helpers/http'
import { tempDir } from '../helpers/temp-dir'

// Issue 34 point 5: "Open team library…" (address + token) in the app. What the desktop app checks before it opens
// a hub's window, against a real host with people; the window itself is Electron's (electron-team-window.test.ts).
let lib: Library
let hub: WebHost
let plain: WebHost
let editorToken: string

beforeAll(async () => {
  lib = openLibrary(tempDir())
  await startToken(lib)
  editorToken = (await addPerson(lib, { name: 'Eddie', role: 'editor' }, 'admin')).token
  hub = await startWebHost({ library: lib, rendererDir: tempDir(), port: 0, access: peopleAccess(librarySource(lib)) })
  // A person's web host: one secret, no people.
  plain = await startWebHost({ library: lib, rendererDir: tempDir(), port: 0, token: 'plain-web-host-secret-0123' })
})
afterAll(async () => {
  await hub?.close()
  await plain?.close()
  await lib?.close()
})

describe('Open team library…', () => {
  it('signs a person in by their token and says who they are there; the sign-in page takes the token', async () => {
    const origin = `http://127.0.0.1:${hub.port}`
    const team = await checkTeamLibrary({ address: ` ${origin}/ `, token: ` ${editorToken}\n` })
    expect(team).toEqual({
      origin,
      person: { name: 'Eddie', role: 'editor' },
      signInUrl: `${origin}/?token=${encodeURIComponent(editorToken)}`,
    })
    const signingIn = await http(hub.port, {
      method: 'GET',
      path: new URL(team.signInUrl).pathname + new URL(team.signInUrl).search,
      headers: { host: `127.0.0.1:${hub.port}` },
    })
    // The window keeps a token of its own for Eddie, not the one handed over: signing it out ends that one alone.
    const kept = /=(fvt_[^;]+);/.exec(String(signingIn.headers['set-cookie']))![1]!
    expect(kept).not.toBe(editorToken)
    expect(await signIn(lib, kept)).toMatchObject({ name: 'Eddie', role: 'editor' })
    // A host without people (a person's web host) opens too, signed in as no one.
    const web = await checkTeamLibrary({
      address: `http://localhost:${plain.port}`,
      token: 'plain-web-host-secret-0123',
    })
    expect(web).toMatchObject({ origin: `http://localhost:${plain.port}`, person: null })
  })

  it('refuses in words: a token the hub does not take, no hub there, and addresses it would not send a token to', async () => {
    const origin = `http://127.0.0.1:${hub.port}`
    await expect(checkTeamLibrary({ address: origin, token: 'fvt_not-a-token' })).rejects.toThrow(
      `${origin} did not take this token: ask the hub’s admin for yours.`,
    )
    await expect(checkTeamLibrary({ address: 'http://127.0.0.1:9', token: 't' })).rejects.toThrow(
      /^No answer from http:\/\/127\.0\.0\.1:9: /,
    )
    await expect(checkTeamLibrary({ address: 'http://192.168.1.20:8080', token: 't' })).rejects.toThrow(
      'http://192.168.1.20:8080 is not on this machine: reach it by https:// (a hub beyond this machine has TLS in front).',
    )
    await expect(checkTeamLibrary({ address: 'ftp://hub.example.com', token: 't' })).rejects.toThrow(
      '"ftp://hub.example.com" is not an http(s) address.',
    )
    await expect(checkTeamLibrary({ address: 'https://admin:pw@hub.example.com', token: 't' })).rejects.toThrow(
      'Give the token in its own field, not in the address.',
    )
    await expect(checkTeamLibrary({ address: 'https://exa mple.com', token: 't' })).rejects.toThrow(
      '"https://exa mple.com" is not an address: give it as https://hub.example.com.',
    )
    await expect(checkTeamLibrary({ address: origin, token: '  ' })).rejects.toThrow(
      'Give the team library’s address and your token.',
    )
  })
})
