import { describe, expect, it } from 'vitest'
import { createCatalog } from '../../../main/db/catalog'
import {
  addComment,
  deleteComment,
  editComment,
  listComments,
  resolveComment,
  type CommentAuthor,
} from '../../../main/services/comments/comments'
import { addPerson } from '../../../main/services/people/people'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'

// Issue 60 point 1: comments on assets (pinned to a time, a range or a region), replies, @mentions, edit and delete
// of one's own, resolve and reopen, the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('comments on %s', (dialect) => {
  const fresh = async () => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ['clip', 'proxy', 'other'])
    const lib = { catalog: createCatalog(sql), actor: 'Ada' }
    const person = async (name: string, role: CommentAuthor['role'] & string): Promise<CommentAuthor> => {
      const { person: made } = await addPerson(lib, { name, role }, null)
      return { personId: made.id, name, guest: false, role }
    }
    return { sql, lib, person }
  }

  it('pins comments to a time, a range or a region, threads replies and notes whom they mention', async () => {
    const { lib, person } = await fresh()
    const ada = await person('Ada', 'admin')
    const cleo = await person('Cleo', 'commenter')
    await person('Ada Lovelace', 'viewer')
    const { comment: timed } = await addComment(lib, ada, {
      assetId: 'clip',
      body: 'colour is off here, @cleo and @Ada Lovelace?',
      at: 3,
    })
    expect(timed).toMatchObject({
      asset: { id: 'clip', name: 'clip.mp4' },
      parentId: null,
      author: { id: ada.personId, name: 'Ada', guest: false },
      at: 3,
      end: null,
      region: null,
      editedAt: null,
      resolved: null,
      deleted: null,
    })
    expect(timed.mentions.map((m) => m.name)).toEqual(['Ada Lovelace', 'Cleo'])
    const { comment: ranged } = await addComment(lib, cleo, { assetId: 'clip', body: 'too fast', at: 1.5, end: 2.25 })
    expect([ranged.at, ranged.end]).toEqual([1.5, 2.25])
    const region = { x: 0.25, y: 0.5, w: 0.5, h: 0.25 }
    const { comment: boxed } = await addComment(lib, cleo, { assetId: 'clip', body: 'logo', region, at: 4 })
    expect(boxed).toMatchObject({ region, at: 4 })
    const { comment: reply } = await addComment(lib, cleo, { assetId: 'clip', body: 'agreed', replyTo: timed.id })
    expect(reply).toMatchObject({ parentId: timed.id, author: { name: 'Cleo' }, mentions: [] })

    const { comments } = await listComments(lib, 'clip')
    expect(comments.map((c) => c.body)).toEqual([timed.body, 'agreed', 'too fast', 'logo'])
    await expect(addComment(lib, ada, { assetId: 'clip', body: 'deeper', replyTo: reply.id })).rejects.toThrow(
      `Comment ${reply.id} is a reply: answer the comment ${timed.id} it answers.`,
    )
    await expect(addComment(lib, ada, { assetId: 'other', body: 'x', replyTo: timed.id })).rejects.toThrow(
      `Comment ${timed.id} is on asset clip, not on other.`,
    )
    await expect(addComment(lib, ada, { assetId: 'nope', body: 'x' })).rejects.toThrow('No asset nope.')
    await expect(listComments(lib, 'nope')).rejects.toThrow('No asset nope.')
    expect((await listComments(lib, 'other')).comments).toEqual([])
  })

  it('lists a stack’s comments together, each saying which asset it is on', async () => {
    const { sql, lib, person } = await fresh()
    const ada = await person('Ada', 'admin')
    await sql.run(`INSERT INTO stack_members (member_id, head_id, reason) VALUES ('proxy', 'clip', 'proxy')`)
    await addComment(lib, ada, { assetId: 'clip', body: 'on the original' })
    await addComment(lib, ada, { assetId: 'proxy', body: 'on the proxy' })
    await addComment(lib, ada, { assetId: 'other', body: 'elsewhere' })
    for (const asset of ['clip', 'proxy']) {
      const { comments } = await listComments(lib, asset)
      expect(comments.map((c) => [c.body, c.asset])).toEqual([
        ['on the original', { id: 'clip', name: 'clip.mp4' }],
        ['on the proxy', { id: 'proxy', name: 'proxy.mp4' }],
      ])
    }
  })

  it('edits and deletes one’s own comments only (an admin deletes any); resolves and reopens threads', async () => {
    const { lib, person } = await fresh()
    const ada = await person('Ada', 'admin')
    const cleo = await person('Cleo', 'commenter')
    const eddie = await person('Eddie', 'editor')
    const { comment } = await addComment(lib, cleo, { assetId: 'clip', body: 'first take' })
    await expect(editComment(lib, eddie, comment.id, 'mine now')).rejects.toThrow('Only Cleo can edit their comment.')
    await expect(deleteComment(lib, eddie, comment.id)).rejects.toThrow(
      'Only Cleo or an admin can delete this comment.',
    )
    const { comment: edited } = await editComment(lib, cleo, comment.id, 'second take, @Eddie')
    expect(edited).toMatchObject({ body: 'second take, @Eddie', mentions: [{ id: eddie.personId, name: 'Eddie' }] })
    expect(edited.editedAt).not.toBeNull()

    const { comment: resolved } = await resolveComment(lib, eddie, comment.id, true)
    expect(resolved.resolved).toMatchObject({ by: 'Eddie' })
    expect((await resolveComment(lib, cleo, comment.id, false)).comment.resolved).toBeNull()
    const { comment: reply } = await addComment(lib, eddie, { assetId: 'clip', body: 'ok', replyTo: comment.id })
    await expect(resolveComment(lib, cleo, reply.id, true)).rejects.toThrow(
      `Comment ${reply.id} is a reply: resolve the comment ${comment.id} it answers.`,
    )

    // Ada deletes Cleo's thread: its words go, Eddie's reply stays under who deleted it.
    const { comment: gone } = await deleteComment(lib, ada, comment.id)
    expect(gone).toMatchObject({ body: '', mentions: [], deleted: { by: 'Ada' } })
    expect((await listComments(lib, 'clip')).comments.map((c) => [c.body, c.deleted?.by ?? null])).toEqual([
      ['', 'Ada'],
      ['ok', null],
    ])
    await expect(editComment(lib, cleo, comment.id, 'back')).rejects.toThrow(
      new RegExp(`^Comment ${comment.id} was deleted by Ada at `),
    )
    // A deleted reply leaves nothing, and neither does a thread with no reply left.
    await deleteComment(lib, eddie, reply.id)
    expect((await listComments(lib, 'clip')).comments).toEqual([])
  })

  it('lets a library’s one user (no id) edit and delete what it wrote', async () => {
    const { lib } = await fresh()
    const owner: CommentAuthor = { personId: null, name: 'Ada', guest: false, role: null }
    const { comment } = await addComment(lib, owner, { assetId: 'clip', body: 'note to self', at: 0 })
    expect(comment.author).toEqual({ id: null, name: 'Ada', guest: false })
    expect((await editComment(lib, owner, comment.id, 'still')).comment.body).toBe('still')
    expect((await deleteComment(lib, owner, comment.id)).comment.deleted).toMatchObject({ by: 'Ada' })
  })

  it('two people at once: an edit racing a delete ends in one clear outcome; a reply racing its thread’s delete is kept', async () => {
    const { lib, person } = await fresh()
    const ada = await person('Ada', 'admin')
    const cleo = await person('Cleo', 'commenter')
    for (let round = 0; round < 4; round++) {
      const { comment } = await addComment(lib, cleo, { assetId: 'clip', body: `take ${round}` })
      const [edit, removal] = await Promise.allSettled([
        editComment(lib, cleo, comment.id, `take ${round}, edited`),
        deleteComment(lib, ada, comment.id),
      ])
      expect(removal.status).toBe('fulfilled')
      if (edit.status === 'rejected') {
        expect(String(edit.reason)).toMatch(new RegExp(`Comment ${comment.id} was deleted by Ada at `))
      }
      const { comment: after } = await deleteComment(lib, ada, comment.id).catch((error: Error) => ({
        comment: { deleted: error.message },
      }))
      expect(String(after.deleted)).toMatch(/deleted by Ada/)

      const { comment: thread } = await addComment(lib, cleo, { assetId: 'other', body: `thread ${round}` })
      const [reply, deleted] = await Promise.all([
        addComment(lib, ada, { assetId: 'other', body: `reply ${round}`, replyTo: thread.id }).catch(
          (error: Error) => error,
        ),
        deleteComment(lib, cleo, thread.id),
      ])
      expect(deleted.comment.deleted).toMatchObject({ by: 'Cleo' })
      const listed = (await listComments(lib, 'other')).comments.filter(
        (c) => c.id === thread.id || c.parentId === thread.id,
      )
      if (reply instanceof Error) {
        // The delete came first: the reply is refused in words, and the thread, with no reply, is gone.
        expect(reply.message).toMatch(new RegExp(`Comment ${thread.id} was deleted by Cleo at `))
        expect(listed).toEqual([])
      } else {
        expect(listed.map((c) => [c.body, c.deleted?.by ?? null])).toEqual([
          ['', 'Cleo'],
          [`reply ${round}`, null],
        ])
      }
    }
  })
})
