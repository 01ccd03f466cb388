import { describe, expect, it } from 'vitest'
import { createCatalog, type Catalog } from '../../../main/db/catalog'
import { ENGINES, freshEngine } from '../../helpers/sql-engines'

// Issue 34: the library's key/value facts, the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('library facts on %s', (dialect) => {
  const catalog = async (): Promise<Catalog> => createCatalog(await freshEngine(dialect))

  it('reads a key never set as undefined', async () => {
    const { meta } = (await catalog()).repos
    expect(await meta.get('comfy_server')).toBeUndefined()
    expect(await meta.get('restored_libraries')).toBeUndefined()
  })

  it('reads back what was set, and a second set replaces the first', async () => {
    const { meta } = (await catalog()).repos
    await meta.set('comfy_server', 'http://127.0.0.1:8188/')
    expect(await meta.get('comfy_server')).toBe('http://127.0.0.1:8188/')
    await meta.set('comfy_server', 'http://10.0.0.5:8188/')
    expect(await meta.get('comfy_server')).toBe('http://10.0.0.5:8188/')
    // Text is kept as it was given, an empty value and characters outside ASCII included.
    await meta.set('name', '')
    expect(await meta.get('name')).toBe('')
    await meta.set('name', 'clips 🎬 “März”')
    expect(await meta.get('name')).toBe('clips 🎬 “März”')
  })

  it('forgets a deleted key, and deleting a key never set is no error', async () => {
    const { meta } = (await catalog()).repos
    await meta.set('comfy_output_limit_bytes', '1048576')
    await meta.delete('comfy_output_limit_bytes')
    expect(await meta.get('comfy_output_limit_bytes')).toBeUndefined()
    await expect(meta.delete('comfy_output_limit_bytes')).resolves.toBeUndefined()
    await meta.set('comfy_output_limit_bytes', '2048')
    expect(await meta.get('comfy_output_limit_bytes')).toBe('2048')
  })

  it('keeps each key apart: setting or deleting one leaves the others as they were', async () => {
    const { meta } = (await catalog()).repos
    await meta.set('restored_from', 'origin-id')
    await meta.set('restored_from_path', '/libraries/origin')
    await meta.set('restored_backup_at', '2026-11-20T14:03:00.000Z')
    await meta.set('restored_from', 'another-id')
    expect(await meta.get('restored_from_path')).toBe('/libraries/origin')
    await meta.delete('restored_from_path')
    expect(await meta.get('restored_from')).toBe('another-id')
    expect(await meta.get('restored_from_path')).toBeUndefined()
    expect(await meta.get('restored_backup_at')).toBe('2026-11-20T14:03:00.000Z')
  })

  it('writes through a transaction: kept when it commits, gone when it rolls back', async () => {
    const lib = await catalog()
    await lib.transaction(async (repos) => {
      await repos.meta.set('restored_libraries', '[]')
      expect(await repos.meta.get('restored_libraries')).toBe('[]')
    })
    const refusal = new Error('refused')
    await expect(
      lib.transaction(async (repos) => {
        await repos.meta.set('restored_libraries', '[{"id":"x"}]')
        await repos.meta.set('comfy_server', 'http://127.0.0.1:8188/')
        throw refusal
      }),
    ).rejects.toBe(refusal)
    expect(await lib.repos.meta.get('restored_libraries')).toBe('[]')
    expect(await lib.repos.meta.get('comfy_server')).toBeUndefined()
  })
})
