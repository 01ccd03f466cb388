import { describe, expect, it } from 'vitest'
import { createImportOrder } from '../../main/ingest/import-order'

/** Settles pending promise callbacks. */
const flush = () => new Promise((resolve) => setImmediate(resolve))

describe('import order', () => {
  it('holds a later file with an earlier file’s sampled id until that file finishes, and no one else', async () => {
    const order = createImportOrder()
    const events: string[] = []
    // Registrations may arrive out of order (sampled ids are read concurrently); waits follow seq order.
    const third = order.turn(2, 'aaaa').then(() => events.push('2 may decide'))
    const second = order.turn(1, 'bbbb').then(() => events.push('1 may decide'))
    await flush()
    expect(events).toEqual([])
    await order.turn(0, 'aaaa')
    await second
    await flush()
    expect(events).toEqual(['1 may decide'])
    order.finish(1)
    await flush()
    expect(events).toEqual(['1 may decide'])
    order.finish(0)
    await third
    expect(events).toEqual(['1 may decide', '2 may decide'])
  })

  it('does not let a file that ended before registering hold up the files after it', async () => {
    const order = createImportOrder()
    order.finish(0)
    order.finish(1)
    await expect(order.turn(2, 'cccc')).resolves.toBeUndefined()
    order.finish(2)
    await expect(order.turn(3, 'cccc')).resolves.toBeUndefined()
  })
})
