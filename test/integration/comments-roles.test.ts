import { afterAll, describe, expect, it, vi } from 'vitest'
import type { Role } from '../../shared/access'
import type { Comment, LibraryChanged } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { dispatch, type Caller } from '../../main/dispatch'
import { addPerson } from '../../main/services/people/people'
import { suiteTempDir } from '../helpers/browse'

// Issue 60 points 1 and 3: who may comment. A viewer reads comments; a commenter (a client), an editor and an admin
// comment, edit and delete their own, and resolve. Each write reaches every open window as `library:changed`.
const lib = openLibrary(suiteTempDir())
afterAll(() => lib.close())
lib.sqlite.db
  .prepare(
    `INSERT INTO videos (id, name, file_path, created_at) VALUES ('clip', 'clip.mp4', '/m/clip.mp4', '2026-11-28')`,
  )
  .run()

const callers = {} as Record<Role, Caller>
const ROLES: Record<Role, string> = { viewer: 'Vera', commenter: 'Cleo', editor: 'Eddie', admin: 'Ada' }

async function call<T>(caller: Caller, channel: string, input: unknown): Promise<T> {
  const answer = await dispatch(lib, channel, input, caller)
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`)
  return answer.data as T
}

describe('comments by role', () => {
  it('makes the people', async () => {
    for (const [role, name] of Object.entries(ROLES) as Array<[Role, string]>) {
      const { person } = await addPerson(lib, { name, role }, null)
      callers[role] = { role, person: { id: person.id, name } }
    }
  })

  it('refuses a viewer every comment write, in words, and lets them read', async () => {
    const vera = callers.viewer
    for (const [channel, input] of [
      ['comments:add', { assetId: 'clip', body: 'hi' }],
      ['comments:edit', { id: 1, body: 'hi' }],
      ['comments:delete', { id: 1 }],
      ['comments:resolve', { id: 1 }],
      ['review:set', { assetId: 'clip', status: 'approved' }],
    ] as const) {
      const answer = await dispatch(lib, channel, input, vera)
      expect(answer.ok ? 'ok' : answer.error, channel).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/^Only commenters, editors and admins can /),
      })
    }
    expect(await call(vera, 'comments:list', { assetId: 'clip' })).toEqual({ comments: [] })
    expect(await call(vera, 'review:get', { assetId: 'clip' })).toEqual({
      review: { status: 'none', by: null, at: null },
    })
  })

  for (const role of ['commenter', 'editor', 'admin'] as const) {
    it(`lets a ${role} comment, reply, edit, resolve, delete and set review status, each write told to every window`, async () => {
      const me = callers[role]
      const changed: LibraryChanged[] = []
      const stop = lib.events.subscribe((event) => {
        if (event.name === 'library:changed') changed.push(event.payload)
      })
      const { comment } = await call<{ comment: Comment }>(me, 'comments:add', {
        assetId: 'clip',
        body: `${role} here, @Ada`,
        at: 3,
        region: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 },
      })
      expect(comment).toMatchObject({ author: { id: me.person!.id, name: ROLES[role] }, mentions: [{ name: 'Ada' }] })
      await call(me, 'comments:add', { assetId: 'clip', body: 'and a reply', replyTo: comment.id })
      await call(me, 'comments:edit', { id: comment.id, body: `${role} again` })
      const { comment: resolved } = await call<{ comment: Comment }>(me, 'comments:resolve', { id: comment.id })
      expect(resolved.resolved?.by).toBe(ROLES[role])
      const { comment: deleted } = await call<{ comment: Comment }>(me, 'comments:delete', { id: comment.id })
      expect(deleted.deleted?.by).toBe(ROLES[role])
      const set = await call<{ review: { status: string; by: string }; comment: Comment }>(me, 'review:set', {
        assetId: 'clip',
        status: 'needs-changes',
        comment: 'the logo jumps',
        at: 2,
      })
      expect([set.review.status, set.review.by, set.comment.body, set.comment.at]).toEqual([
        'needs-changes',
        ROLES[role],
        'the logo jumps',
        2,
      ])
      await vi.waitFor(() => expect(changed.some((change) => change.topics.includes('comments'))).toBe(true))
      stop()
    })
  }

  it('keeps a commenter from editing or deleting another’s comment; an admin deletes it', async () => {
    const { comment } = await call<{ comment: Comment }>(callers.editor, 'comments:add', { assetId: 'clip', body: 'x' })
    const edit = await dispatch(lib, 'comments:edit', { id: comment.id, body: 'y' }, callers.commenter)
    expect(edit.ok ? 'ok' : edit.error).toMatchObject({
      code: 'forbidden',
      message: 'Only Eddie can edit their comment.',
    })
    const removal = await dispatch(lib, 'comments:delete', { id: comment.id }, callers.commenter)
    expect(removal.ok ? 'ok' : removal.error).toMatchObject({
      code: 'forbidden',
      message: 'Only Eddie or an admin can delete this comment.',
    })
    expect(
      (await call<{ comment: Comment }>(callers.admin, 'comments:delete', { id: comment.id })).comment.deleted,
    ).toMatchObject({
      by: 'Ada',
    })
  })
})
