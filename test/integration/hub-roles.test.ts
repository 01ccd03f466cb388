import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { startEmbeddedPostgres } from '../../main/db/postgres/embedded-postgres'
import { connectPostgres } from '../../main/db/postgres/connect-postgres'
import type { WorkerSetup } from '../../main/hub/worker-setup'
import { fakeRenderer, startHostCli, stopChild, type StartedHost } from '../helpers/host-cli'
import { http, postChannel } from '../helpers/http'
import { until } from '../helpers/hub-workers'
import { tempDir } from '../helpers/temp-dir'

// Issue 61 point 1: the catalogue role a hub hands its workers is no superuser, and it changes when an admin leaves.

/** Starts `npm run hub` on `data` with its own PostgreSQL and no worker of its own. */
function startHub(data: string): Promise<StartedHost> {
  return startHostCli('main/hub/hub-cli.ts', [
    '--data',
    data,
    '--port',
    '0',
    '--renderer',
    fakeRenderer(),
    '--workers',
    '0',
  ])
}

async function call<T>(hub: StartedHost, token: string, channel: string, input: object): Promise<T> {
  const answer = (await postChannel(hub.port, token, channel, input)).json() as { ok: boolean; data: T; error?: object }
  if (!answer.ok) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`)
  return answer.data
}

async function workerSetup(hub: StartedHost, token: string): Promise<WorkerSetup> {
  const reply = await http(hub.port, { path: '/worker', headers: { authorization: `Bearer ${token}` } })
  expect(reply.status).toBe(200)
  return reply.json() as WorkerSetup
}

/** A connection to `url`, its lost connection noted rather than thrown. */
async function connected(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {})
  await client.connect()
  return client
}

/** Whether a new connection to `url` is refused (its password no longer works). */
async function refused(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {})
  try {
    await client.connect()
    return false
  } catch {
    return true
  } finally {
    await client.end().catch(() => {})
  }
}

describe('the catalogue role a hub lends its workers (GET /worker)', () => {
  it('is no superuser and runs no program; once the admin who saw it is removed it connects no more', async () => {
    const hub = await startHub(tempDir())
    const { person: grace, token: second } = await call<{ person: { id: number }; token: string }>(
      hub,
      hub.token,
      'people:add',
      { name: 'Grace', role: 'admin' },
    )
    const seen = (await workerSetup(hub, second)).database
    const session = await connected(seen)
    try {
      const { rows } = await session.query<{ rolsuper: boolean }>(
        'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
      )
      expect(rows).toEqual([{ rolsuper: false }])
      await expect(session.query(`COPY (SELECT 1) TO PROGRAM 'true'`)).rejects.toMatchObject({ code: '42501' })
      const { rows: powers } = await session.query<{ power: string }>(
        `SELECT r.rolname AS power FROM pg_roles r WHERE r.rolname LIKE 'pg\\_%' AND pg_has_role(current_user, r.oid, 'MEMBER')`,
      )
      expect(powers).toEqual([])
      // It reads and writes the catalogue's rows (a worker's work), and changes no table.
      const { rows: jobs } = await session.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs')
      expect(jobs).toEqual([{ n: 0 }])
      await expect(session.query('DROP TABLE access_tokens')).rejects.toMatchObject({ code: '42501' })

      await call(hub, hub.token, 'people:remove', { id: grace.id })
      // The credential Grace saw opens nothing now, and the session she had open was ended.
      await until(() => refused(seen), 30_000)
      await expect(session.query('SELECT 1')).rejects.toThrow()
      // The admins who stay are handed the new one, which works.
      const now = (await workerSetup(hub, hub.token)).database
      expect(now).not.toBe(seen)
      const fresh = await connected(now)
      expect((await fresh.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
      await fresh.end()
    } finally {
      await session.end().catch(() => {})
      await stopChild(hub.child)
    }
  }, 120_000)

  it('changes when an admin who saw it is made an editor', async () => {
    const hub = await startHub(tempDir())
    const { person, token } = await call<{ person: { id: number }; token: string }>(hub, hub.token, 'people:add', {
      name: 'Ada',
      role: 'admin',
    })
    const seen = (await workerSetup(hub, token)).database
    expect(await refused(seen)).toBe(false)
    await call(hub, hub.token, 'people:set-role', { id: person.id, role: 'editor' })
    await until(() => refused(seen), 30_000)
    // An editor is given no setup at all.
    const reply = await http(hub.port, { path: '/worker', headers: { authorization: `Bearer ${token}` } })
    expect(reply.status).toBe(403)
    await stopChild(hub.child)
  }, 120_000)

  it('takes over the data folder of an earlier hub, whose catalogue its superuser owned', async () => {
    const data = tempDir()
    // As an earlier hub left it: the catalogue migrated, and a tag made, as the embedded server's superuser.
    const server = await startEmbeddedPostgres({ dir: data })
    try {
      const earlier = await connectPostgres(server.url, { onError: () => {} })
      await earlier.sql.run(`INSERT INTO tags (name) VALUES ('kept')`)
      await earlier.close()
    } finally {
      await server.stop()
    }
    const hub = await startHub(data)
    try {
      const setup = await workerSetup(hub, hub.token)
      const session = await connected(setup.database)
      const { rows } = await session.query<{ owner: string }>(
        `SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'public'`,
      )
      const { rows: tags } = await session.query<{ name: string }>('SELECT name FROM tags')
      await session.end()
      expect(rows).toEqual([{ owner: 'framevault_app' }])
      expect(tags).toEqual([{ name: 'kept' }])
      // The hub reads and writes as before.
      expect(await call(hub, hub.token, 'media:list', {})).toMatchObject({ items: [] })
      await call(hub, hub.token, 'people:add', { name: 'Lin', role: 'viewer' })
    } finally {
      await stopChild(hub.child)
    }
  }, 120_000)

  it('is the --database URL as given; a role with more powers than its database is cautioned of at start', async () => {
    const server = new URL(inject('postgresUrl'))
    const name = `hub_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: server.toString() })
    await admin.connect()
    try {
      // As docs/hub.md says to make it: a plain role, owner of its database.
      await admin.query(`CREATE ROLE ${name} LOGIN PASSWORD 'owner-secret'`)
      await admin.query(`CREATE DATABASE ${name} OWNER ${name}`)
      const owned = new URL(server)
      owned.username = name
      owned.password = 'owner-secret'
      owned.pathname = `/${name}`
      const args = ['--data', tempDir(), '--port', '0', '--renderer', fakeRenderer(), '--workers', '0']
      const hub = await startHostCli('main/hub/hub-cli.ts', [...args, '--database', owned.toString()])
      try {
        expect(hub.output).not.toContain('more powers')
        expect((await workerSetup(hub, hub.token)).database).toBe(owned.toString())
      } finally {
        await stopChild(hub.child)
      }
      // The run's server's own role is a superuser: the hub says so in words.
      const database = new URL(server)
      database.pathname = `/${name}`
      const wide = await startHostCli('main/hub/hub-cli.ts', [...args, '--database', database.toString()])
      await stopChild(wide.child)
      expect(wide.output).toContain(
        `The catalogue's role ${server.username} has more powers than its database needs (superuser, CREATEROLE, CREATEDB, pg_execute_server_program`,
      )
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.query(`DROP ROLE IF EXISTS ${name}`)
      await admin.end()
    }
  }, 120_000)
})
