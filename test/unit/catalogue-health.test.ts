import { describe, expect, it } from 'vitest'
import { CatalogueUnavailable, isConnectionLoss } from '../../main/db/postgres/catalogue-unavailable'
import { catalogueHealth } from '../../main/hub/catalogue-health'
import type { CatalogueStatus } from '../../shared/contract'
import { AppError } from '../../shared/errors'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('what counts as the catalogue out of reach', () => {
  it('is a refused or cut connection, or a server going or starting, never a failed statement', () => {
    expect(isConnectionLoss(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true)
    expect(isConnectionLoss(withCode('terminating connection due to administrator command', '57P01'))).toBe(true)
    expect(isConnectionLoss(withCode('the database system is starting up', '57P03'))).toBe(true)
    expect(isConnectionLoss(withCode('connection failure', '08006'))).toBe(true)
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isConnectionLoss(new CatalogueUnavailable(new Error('Connection terminated')))).toBe(true)

    expect(isConnectionLoss(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false)
    expect(isConnectionLoss(withCode('relation "x" does not exist', '42P01'))).toBe(false)
    expect(isConnectionLoss(withCode('no such file', 'ENOENT'))).toBe(false)
    expect(isConnectionLoss(new AppError('not_found', 'Connection terminated'))).toBe(false)
  })
})

describe("a hub's catalogue health", () => {
  /** A health over an ask that answers as `up` says, with what it told and logged. */
  function watched(up: { now: boolean }) {
    const statuses: CatalogueStatus[] = []
    const logged: string[] = []
    let asked = 0
    const health = catalogueHealth(
      async () => {
        asked += 1
        if (!up.now) throw withCode('connect ECONNREFUSED', 'ECONNREFUSED')
      },
      { where: 'PostgreSQL at db:5432', timing: { intervalMs: 5 }, log: (line) => logged.push(line) },
    )
    health.follow((status) => statuses.push(status))
    return { health, statuses, logged, asked: () => asked }
  }
  const until = async (holds: () => boolean) => {
    while (!holds()) await new Promise((resolve) => setTimeout(resolve, 2))
  }

  it('stays serving when a suspicion proves wrong: nothing told', async () => {
    const { health, statuses, asked } = watched({ now: true })
    health.suspect()
    await until(() => asked() === 1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(health.awayWords()).toBeNull()
    expect(statuses).toEqual([])
    health.close()
  })

  it('goes away when asked in vain, asks until it answers, and tells each change once', async () => {
    const up = { now: false }
    const { health, statuses, logged, asked } = watched(up)
    health.suspect()
    await until(() => statuses.length === 1)
    expect(health.awayWords()).toBe("The team library's catalogue cannot be reached just now; try again in a moment.")
    health.suspect()
    await until(() => asked() >= 5)
    expect(statuses).toHaveLength(1)
    up.now = true
    await until(() => statuses.length === 2)
    expect(statuses.map((status) => status.available)).toEqual([false, true])
    expect(health.awayWords()).toBeNull()
    expect(logged).toHaveLength(2)
    expect(logged[0]).toContain('PostgreSQL at db:5432')
    health.close()
  })

  it('says restarting while its own server is started again, until it answers', async () => {
    const up = { now: false }
    const { health, statuses } = watched(up)
    health.restarting()
    expect(health.awayWords()).toBe("The team library's catalogue is restarting; try again in a moment.")
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(statuses).toEqual([
      { available: false, message: "The team library's catalogue is restarting; try again in a moment." },
    ])
    up.now = true
    await until(() => statuses.length === 2)
    expect(statuses[1]).toEqual({ available: true, message: "The team library's catalogue is back." })
    health.close()
  })
})
