import { describe, expect, inject, it } from 'vitest'
import type { Comment, MediaAsset } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { seedAssets } from '../helpers/assets'
import { cli, jsonLines } from '../helpers/cli'
import { fakeRenderer, startHostCli, stopChild } from '../helpers/host-cli'
import { channelData } from '../helpers/http'
import { tempDir } from '../helpers/temp-dir'

// Issue 60 point 7: scripts post reviews too: `comment`, `comments` and `review`, on a library folder and on a hub
// (--hub URL --token T), where each person's role decides and each comment is theirs.
describe('comment, comments and review from the CLI', () => {
  it('work on a library folder: a pinned comment, a reply, the list, a status with its comment', async () => {
    const dir = tempDir()
    const lib = openLibrary(dir)
    const [asset] = await seedAssets(lib, 1)
    await lib.close()
    const on = ['--library', dir]

    const first = await cli(['comment', asset!.id, 'too dark here', '--at', '3.5', ...on])
    expect([first.code, first.stderr]).toEqual([0, ''])
    const [made] = jsonLines<Comment>(first.stdout)
    expect(made).toMatchObject({ body: 'too dark here', at: 3.5, parentId: null, asset: { id: asset!.id } })
    expect(made!.author).toMatchObject({ id: null, guest: false })
    const reply = await cli(['comment', asset!.id, 'graded again', '--reply-to', String(made!.id), ...on])
    expect(jsonLines<Comment>(reply.stdout)[0]).toMatchObject({ parentId: made!.id, body: 'graded again' })

    const listed = jsonLines<Comment>((await cli(['comments', asset!.id, ...on])).stdout)
    expect(listed.map((one) => [one.body, one.parentId])).toEqual([
      ['too dark here', null],
      ['graded again', made!.id],
    ])
    const reviewed = await cli(['review', asset!.id, 'needs-changes', '--comment', 'the sky still clips', ...on])
    expect(reviewed.code).toBe(0)
    expect(JSON.parse(reviewed.stdout)).toMatchObject({
      review: { status: 'needs-changes' },
      comment: { body: 'the sky still clips', parentId: null },
    })

    const wrong = await cli(['review', asset!.id, 'lgtm', ...on])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('The status must be in-review, needs-changes or approved, not "lgtm".')
    const badTime = await cli(['comment', asset!.id, 'x', '--at', 'soon', ...on])
    expect(badTime.code).toBe(2)
    expect(badTime.stderr).toContain('--at takes a time in seconds (0 or more), not "soon".')
  })

  it('work on a hub: a commenter added by `people add --role commenter` comments and reviews; a viewer may not', async () => {
    const hub = await startHostCli('main/hub/hub-cli.ts', [
      '--data',
      tempDir(),
      '--port',
      '0',
      '--renderer',
      fakeRenderer(),
    ])
    try {
      const address = `http://127.0.0.1:${hub.port}`
      const as = (token: string) => ['--hub', address, '--token', token]
      const added = await cli(['people', 'add', 'Cleo', '--role', 'commenter', ...as(hub.token)])
      expect([added.code, added.stderr]).toEqual([0, ''])
      const cleo = JSON.parse(added.stdout) as { person: { id: number; role: string }; token: string }
      expect(cleo.person.role).toBe('commenter')
      const vera = JSON.parse((await cli(['people', 'add', 'Vera', '--role', 'viewer', ...as(hub.token)])).stdout) as {
        token: string
      }
      expect((await cli(['import', inject('fixtures').png, ...as(hub.token)])).code).toBe(0)
      const { items } = await channelData<{ items: MediaAsset[] }>(hub.port, hub.token, 'media:list', {})
      const id = items[0]!.id
      // A commenter is a client: limited to what is shared with them until a collection is.
      const unseen = await cli(['comment', id, 'where is it?', ...as(cleo.token)])
      expect([unseen.code, unseen.stderr.trim()]).toEqual([1, `framevault: No asset with id ${id}.`])
      const { collection } = await channelData<{ collection: { id: number } }>(
        hub.port,
        hub.token,
        'collections:create',
        {
          name: 'Client cut',
        },
      )
      await channelData(hub.port, hub.token, 'collections:add', { collectionId: collection.id, ids: [id] })
      const shared = await cli([
        'collections',
        'share',
        'Client cut',
        '--with',
        String(cleo.person.id),
        ...as(hub.token),
      ])
      expect([shared.code, shared.stderr]).toEqual([0, ''])

      const commented = await cli(['comment', id, 'logo too big, @Cleo', '--at', '0', ...as(cleo.token)])
      expect([commented.code, commented.stderr]).toEqual([0, ''])
      const [made] = jsonLines<Comment>(commented.stdout)
      expect(made).toMatchObject({
        author: { id: cleo.person.id, name: 'Cleo', guest: false },
        at: 0,
        mentions: [{ id: cleo.person.id, name: 'Cleo' }],
      })
      const reviewed = await cli(['review', id, 'approved', '--comment', 'good to go', ...as(cleo.token)])
      expect(JSON.parse(reviewed.stdout)).toMatchObject({ review: { status: 'approved', by: 'Cleo' } })
      const listed = jsonLines<Comment>((await cli(['comments', id, ...as(vera.token)])).stdout)
      expect(listed.map((one) => [one.author.name, one.body])).toEqual([
        ['Cleo', 'logo too big, @Cleo'],
        ['Cleo', 'good to go'],
      ])

      const refused = await cli(['review', id, 'needs-changes', ...as(vera.token)])
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('Only commenters, editors and admins can set review status.')
      const status = await channelData<{ review: { status: string } }>(hub.port, hub.token, 'review:get', {
        assetId: id,
      })
      expect(status.review.status).toBe('approved')
    } finally {
      await stopChild(hub.child)
    }
  }, 120_000)
})
