import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Library } from '../../main/services/library-context'
import { librarySource } from '../../main/app/library-session'
import { openLibrary } from '../../main/app/open-library'
import { addPerson, signIn, startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import { tokenCookieName } from '../../main/web/request-guards'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { http } from '../helpers/http'
import { tempDir } from '../helpers/temp-dir'

// Issue 64 point 6: a hub's sign-in page takes a pasted token or address; a browser signs out.
let lib: Library
let hub: WebHost
let editorToken: string

beforeAll(async () => {
  lib = openLibrary(tempDir())
  await startToken(lib, () => 'Ada')
  editorToken = (await addPerson(lib, { name: 'Eddie', role: 'editor' }, 'Ada')).token
  hub = await startWebHost({ library: lib, rendererDir: tempDir(), port: 0, access: peopleAccess(librarySource(lib)) })
})
afterAll(async () => {
  await hub?.close()
  await lib?.close()
})

const headers = (more: Record<string, string> = {}) => ({
  host: `127.0.0.1:${hub.port}`,
  accept: 'text/html,*/*;q=0.8',
  ...more,
})

describe("a hub's sign-in", () => {
  it('shows a page for people with a field for the token, and a word when a pasted one lets no one in', async () => {
    const page = await http(hub.port, { path: '/', headers: headers() })
    expect(page.status).toBe(401)
    expect(page.text).toContain('<title>Sign in to this team library</title>')
    expect(page.text).toMatch(/<label for="field"[^>]*>Your token or sign-in address<\/label>/)
    expect(page.text).toMatch(/<input id="field" name="token" type="text" required/)
    expect(page.text).toContain('<button type="submit"')
    // Words for people: no terminal, header, npm or command-line words, no script.
    for (const word of ['terminal', 'npm', 'Authorization', 'Bearer', 'framevault people', '<script']) {
      expect(page.text, word).not.toContain(word)
    }
    expect(page.text).not.toContain('role="alert"')
    const wrong = await http(hub.port, { path: '/?token=fvt_nobody', headers: headers() })
    expect(wrong.status).toBe(401)
    expect(wrong.text).toContain('That token does not sign anyone in here')
  })

  it('signs in by a pasted address, keeps a token of its own in the cookie, and signing out ends it alone', async () => {
    const pasted = ` http://hub.example:4780/?token=${editorToken} `
    const signingIn = await http(hub.port, { path: `/?token=${encodeURIComponent(pasted)}`, headers: headers() })
    expect(signingIn.status).toBe(302)
    expect(signingIn.headers.location).toBe('/')
    const cookie = String(signingIn.headers['set-cookie']).split(';')[0]!
    const kept = cookie.slice(`${tokenCookieName(hub.port)}=`.length)
    expect(kept).not.toBe(editorToken)
    expect(await signIn(lib, kept)).toMatchObject({ name: 'Eddie' })
    const me = await http(hub.port, {
      method: 'POST',
      path: '/api/people:me',
      headers: headers({ cookie, 'content-type': 'application/json' }),
      body: '{}',
    })
    expect(me.json()).toMatchObject({ data: { person: { name: 'Eddie', role: 'editor' } } })

    const out = await http(hub.port, { method: 'POST', path: '/sign-out', headers: headers({ cookie }) })
    expect(out.status).toBe(204)
    expect(String(out.headers['set-cookie'])).toBe(
      `${tokenCookieName(hub.port)}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`,
    )
    const after = await http(hub.port, { path: '/', headers: headers({ cookie }) })
    expect(after.status).toBe(401)
    expect(after.text).toContain('Sign in to this team library')
    // The token handed over still signs Eddie in (his CLI, another browser).
    expect(await signIn(lib, editorToken)).toMatchObject({ name: 'Eddie' })
    // A sign-out from another site is refused before it does anything.
    const foreign = await http(hub.port, {
      method: 'POST',
      path: '/sign-out',
      headers: headers({ origin: 'http://evil.example' }),
    })
    expect(foreign.status).toBe(403)
  })
})
