import { describe, expect, it } from 'vitest'
import { ChangeTopic } from '../../shared/contract'
import { ENGINES, index, table, text } from '../../main/db/schema/declare'
import { expectedTopics } from '../../main/db/schema/expected-schema'
import { CATALOGUE } from '../../main/db/schema/index'

describe('the schema declaration (main/db/schema)', () => {
  it.each(ENGINES)('has a table feeding every change-log topic on %s', (engine) => {
    const fed = new Set([...expectedTopics(CATALOGUE, engine).values()].flat())
    expect(ChangeTopic.options.filter((topic) => !fed.has(topic))).toEqual([])
  })

  it('says why wherever the engines differ', () => {
    const reasons = CATALOGUE.flatMap((t) => [
      t.only?.why,
      ...Object.values(t.primaryKeyDiffers ?? {}).map((d) => d.why),
      ...Object.values(t.columns).flatMap((c) => [c.only?.why, ...Object.values(c.differs).map((d) => d.why)]),
      ...(t.indexes ?? []).flatMap((i) => [i.only?.why, ...Object.values(i.differs ?? {}).map((d) => d.why)]),
      ...(t.unique ?? []).map((u) => u.only?.why),
      ...(t.references ?? []).map((r) => r.only?.why),
    ])
    const given = reasons.filter((why) => why !== undefined)
    expect(given.length).toBeGreaterThan(20)
    expect(given.filter((why) => why.trim().length < 8)).toEqual([])
  })

  it('names each table once', () => {
    const names = CATALOGUE.map((t) => t.name)
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([])
  })

  it('refuses a key or index on a column the table does not have', () => {
    const declare = () =>
      table({ name: 't', columns: { id: text.nn }, primaryKey: ['id'], indexes: [index('t_x', ['x'])] })
    expect(declare).toThrow('schema: t has no column x')
  })
})
