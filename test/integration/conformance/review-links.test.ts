import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Role } from '../../../shared/access'
import { createCatalog } from '../../../main/db/catalog'
import { dispatch } from '../../../main/dispatch'
import { createCollection, deleteCollection } from '../../../main/services/collections/collections'
import { passwordMatches } from '../../../main/services/links/link-secrets'
import { createLink, listLinks, revokeLink } from '../../../main/services/links/review-links'
import { addPerson } from '../../../main/services/people/people'
import { librariesOfBothEngines } from '../../helpers/both-engines'
import { ENGINES, freshEngine } from '../../helpers/sql-engines'

// Issue 60 point 4: review links to one collection, kept as hashes, listed and revoked, on both engines.
describe.each(ENGINES)('review links on %s', (dialect) => {
  const fresh = async () => {
    const sql = await freshEngine(dialect)
    const lib = { catalog: createCatalog(sql), actor: 'Ada', publicAddress: () => 'https://hub.example' }
    const { collection } = await createCollection(lib, 'Client picks')
    return { sql, lib, collection }
  }

  it('makes a link with a long random token shown once: only its hash and a scrypt hash of the password are kept', async () => {
    const { sql, lib, collection } = await fresh()
    // Made in January for a week: open when made, expired by now.
    const now = new Date('2026-01-01T12:00:00.000Z')
    const made = await createLink(
      lib,
      { collectionId: collection.id, expiresInSeconds: 7 * 86400, password: 'north light', downloads: true },
      now,
    )
    // 256 random bits after the prefix, base64url.
    expect(made.token).toMatch(/^fvl_[A-Za-z0-9_-]{43}$/)
    expect(made.address).toBe(`https://hub.example/r/${made.token}`)
    expect(made.link).toEqual({
      id: expect.any(Number),
      collection: { id: collection.id, name: 'Client picks' },
      password: true,
      downloads: true,
      expiresAt: '2026-01-08T12:00:00.000Z',
      createdBy: 'Ada',
      createdAt: '2026-01-01T12:00:00.000Z',
      revoked: null,
      state: 'open',
    })
    const [row] = await sql.all<{ token_hash: string; password_hash: string }>('SELECT * FROM review_links')
    expect(row!.token_hash).toBe(`sha256:${createHash('sha256').update(made.token).digest('hex')}`)
    expect(row!.password_hash).toMatch(/^scrypt:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}$/)
    expect(await passwordMatches('north light', row!.password_hash)).toBe(true)
    expect(await passwordMatches('north lighT', row!.password_hash)).toBe(false)
    const stored = JSON.stringify(await sql.all('SELECT * FROM review_links'))
    expect(stored).not.toContain(made.token.slice(4))
    expect(stored).not.toContain('north light')

    const open = await createLink(lib, { collectionId: collection.id, downloads: false })
    expect(open.token).not.toBe(made.token)
    const { links } = await listLinks(lib)
    expect(links.map((link) => [link.id, link.state, link.password, link.downloads])).toEqual([
      [open.link.id, 'open', false, false],
      [made.link.id, 'expired', true, true],
    ])
    expect(JSON.stringify(links)).not.toMatch(/fvl_|sha256:|scrypt:/)
  })

  it('revokes once, keeping who did it, refuses what does not exist, and forgets the links of a deleted collection', async () => {
    const { lib, collection } = await fresh()
    const { link } = await createLink(lib, { collectionId: collection.id, downloads: false })
    const revoked = await revokeLink(lib, link.id)
    expect(revoked.link).toMatchObject({ state: 'revoked', revoked: { by: 'Ada', at: expect.any(String) } })
    expect((await revokeLink({ ...lib, actor: 'Bo' }, link.id)).link.revoked).toEqual(revoked.link.revoked)
    await expect(revokeLink(lib, 999)).rejects.toThrow('No review link with id 999.')
    await expect(createLink(lib, { collectionId: 999, downloads: false })).rejects.toThrow('No collection with id 999.')
    const { collection: other } = await createCollection(lib, 'Moodboard')
    await createLink(lib, { collectionId: other.id, downloads: false })
    expect((await listLinks(lib, other.id)).links.map((l) => l.collection.name)).toEqual(['Moodboard'])
    await deleteCollection(lib, collection.id)
    expect((await listLinks(lib)).links.map((l) => l.collection.name)).toEqual(['Moodboard'])
  })

  it('takes two editors revoking the same link at once as one revocation by one of them', async () => {
    const { lib, collection } = await fresh()
    const { link } = await createLink(lib, { collectionId: collection.id, downloads: false })
    const [first, second] = await Promise.all([
      revokeLink({ ...lib, actor: 'Eddie' }, link.id),
      revokeLink({ ...lib, actor: 'Bo' }, link.id),
    ])
    expect(first.link.revoked).toEqual(second.link.revoked)
    expect(['Eddie', 'Bo']).toContain(first.link.revoked!.by)
  })
})

const { libraries } = librariesOfBothEngines()

describe.each(Object.entries(libraries))('review link channels by role on %s', (_name, open) => {
  it('lets editors and admins make, list and revoke links, and refuses viewers and commenters in words', async () => {
    const lib = await open()
    const { collection } = await createCollection(lib, 'Client picks')
    const callers = {} as Record<Role, { role: Role; person: { id: number; name: string } }>
    for (const role of ['viewer', 'commenter', 'editor', 'admin'] as const) {
      const { person } = await addPerson(lib, { name: role, role }, null)
      callers[role] = { role, person: { id: person.id, name: person.name } }
    }
    for (const role of ['viewer', 'commenter'] as const) {
      for (const [channel, input] of [
        ['links:create', { collectionId: collection.id }],
        ['links:list', {}],
        ['links:revoke', { id: 1 }],
      ] as const) {
        const answer = await dispatch(lib, channel, input, callers[role])
        expect(answer.ok ? 'ok' : answer.error.code, `${role} ${channel}`).toBe('forbidden')
      }
    }
    for (const role of ['editor', 'admin'] as const) {
      const made = await dispatch(lib, 'links:create', { collectionId: collection.id, password: 'pass' }, callers[role])
      expect(made).toMatchObject({ ok: true, data: { link: { createdBy: role, password: true, downloads: false } } })
      const id = (made as { data: { link: { id: number } } }).data.link.id
      const listed = await dispatch(lib, 'links:list', {}, callers[role])
      expect(listed).toMatchObject({
        ok: true,
        data: { links: expect.arrayContaining([expect.objectContaining({ id })]) },
      })
      const revoked = await dispatch(lib, 'links:revoke', { id }, callers[role])
      expect(revoked).toMatchObject({ ok: true, data: { link: { id, state: 'revoked', revoked: { by: role } } } })
    }
    const refused = await dispatch(lib, 'links:create', { collectionId: collection.id, password: 'abc' }, callers.admin)
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } })
  })
})
