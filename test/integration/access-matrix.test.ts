import { afterAll, describe, expect, it } from 'vitest'
import { CHANNEL_ROLES, Role, changesLibrary } from '../../shared/access'
import { channels } from '../../shared/contract'
import { CHANNEL_ACTIONS } from '../../shared/contract/action-names'
import { dispatch } from '../../main/dispatch'
import { openLibrary } from '../../main/app/open-library'
import { suiteTempDir } from '../helpers/browse'

// Issue 34 point 4: roles checked per contract channel, before the input is looked at.
const lib = openLibrary(suiteTempDir())
afterAll(() => lib.close())

const RANK = { viewer: 0, commenter: 1, editor: 2, admin: 3 } as const
const WHO_MAY = {
  commenter: 'Only commenters, editors and admins',
  editor: 'Only editors and admins',
  admin: 'Only admins',
} as const

describe('the access matrix: every channel × role', () => {
  for (const role of Role.options) {
    it(`answers a ${role} with a 403 in words where the channel needs more, and reaches the input check elsewhere`, async () => {
      const refused: string[] = []
      for (const channel of channels) {
        // null is no channel's input: an allowed call stops at validation, so no handler runs.
        const answer = await dispatch(lib, channel, null, { role })
        if (answer.ok) throw new Error(`${channel} took null as its input`)
        const needed = CHANNEL_ROLES[channel]
        if (RANK[role] >= RANK[needed]) {
          expect(answer.error.code, channel).toBe('validation')
        } else {
          expect(answer.error, channel).toEqual({
            code: 'forbidden',
            message: `${WHO_MAY[needed as keyof typeof WHO_MAY]} can ${CHANNEL_ACTIONS[channel]}. Ask an admin of this library to change your role.`,
            details: { role, needs: needed },
          })
          refused.push(channel)
        }
      }
      const expected = {
        viewer: channels.filter((c) => CHANNEL_ROLES[c] !== 'viewer'),
        commenter: channels.filter((c) => RANK[CHANNEL_ROLES[c]] > RANK.commenter),
        editor: channels.filter((c) => CHANNEL_ROLES[c] === 'admin'),
        admin: [],
      }
      expect(refused).toEqual(expected[role])
    })
  }

  it('keeps a viewer from deleting, importing and running, and an editor from what only an admin does', () => {
    const writes = [
      'media:delete',
      'media:import',
      'media:import-uploads',
      'media:import-generated',
      'analysis:run',
      'processing:run',
      'pipelines:run',
      'comfy:run',
      'batch:run',
      'similar:hash-all',
      'media:tag',
    ] as const
    for (const channel of writes) expect(CHANNEL_ROLES[channel], channel).toBe('editor')
    // Everyone keeps their own collections and saved searches (issue 60): the service keeps the team's to editors.
    for (const channel of ['collections:add', 'collections:create', 'searches:save'] as const) {
      expect(CHANNEL_ROLES[channel], channel).toBe('viewer')
      expect(changesLibrary(channel), channel).toBe(true)
    }
    const adminOnly = [
      'trash:empty',
      'library:restore',
      'library:backup',
      'library:rename',
      'comfy:set-server',
      'watch:add',
    ] as const
    for (const channel of adminOnly) expect(CHANNEL_ROLES[channel], channel).toBe('admin')
  })
})

it('lets a caller without a role (a one-person host) call every channel', async () => {
  for (const channel of channels) {
    const answer = await dispatch(lib, channel, null)
    expect(answer.ok ? 'ok' : answer.error.code, channel).toBe('validation')
  }
})

it('counts as changes the calls beyond a viewer that write, not the reads only an editor or admin may make', () => {
  const changing = channels.filter(changesLibrary)
  for (const channel of ['media:tag', 'media:delete', 'people:add', 'trash:empty', 'watch:add'] as const) {
    expect(changing, channel).toContain(channel)
  }
  for (const channel of ['media:list', 'library:backups', 'people:list', 'people:activity', 'caches:open'] as const) {
    expect(changing, channel).not.toContain(channel)
  }
})
