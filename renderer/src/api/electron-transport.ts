import type { BridgeApi } from '../../../shared/bridge'
import type { EventMessage } from '../../../shared/contract'
import { createEventCursor, startCursor, type EventCursor } from './event-cursor'
import type { Transport } from './transport'

/** The transport under Electron: the preload's `window.api`. */
export function electronTransport(bridge: BridgeApi): Transport {
  const cursor = createEventCursor()
  const started = startCursor(cursor, () => bridge['events:cursor']({}))
  return {
    invoke: async (channel, input) => {
      await started
      return bridge[channel](input)
    },
    onEvent: caughtUpEvents(bridge, started, cursor),
    async importFiles(files, link) {
      // Items without a path (text snippets, files from another app's memory) cannot be imported by path.
      const paths = files.map((file) => bridge.pathForFile(file)).filter((path) => path !== '')
      if (paths.length === 0) {
        return { ok: false, error: { code: 'validation', message: 'These items have no file on disk.' } }
      }
      await started
      return bridge['media:import']({ paths, link })
    },
    canLink: true,
    canReveal: true,
    chooseFolder: () => bridge.chooseFolder(),
    pathOfFile: (file) => bridge.pathForFile(file),
    openTeamLibrary: (request) => bridge.openTeamLibrary(request),
  }
}

/**
 * Subscriptions to the window's events, one bridge subscription for all: at the first, what changed
 * since the cursor is asked for (`events:since`) and heard before the events that came meanwhile, so
 * nothing between the window's first read and its subscription is missed; each change once.
 */
function caughtUpEvents(bridge: BridgeApi, started: Promise<void>, cursor: EventCursor): Transport['onEvent'] {
  const listeners = new Set<(event: EventMessage) => void>()
  const deliver = (event: EventMessage) => {
    if (!cursor.accept(event)) return
    for (const listener of [...listeners]) listener(event)
  }
  let held: EventMessage[] | undefined
  let unsubscribe: (() => void) | undefined
  const subscribe = () => {
    held = []
    unsubscribe = bridge.onEvent((event) => (held ? held.push(event) : deliver(event)))
    void started
      .then(() => (cursor.seq === null ? undefined : bridge['events:since']({ since: cursor.seq })))
      .then((reply) => {
        if (reply?.ok && reply.data.missed) deliver({ name: 'events:reload', payload: { seq: cursor.seq ?? 0 } })
        for (const change of reply?.ok ? reply.data.changes : []) deliver({ name: 'library:changed', payload: change })
        const meanwhile = held ?? []
        held = undefined
        meanwhile.forEach(deliver)
      })
  }
  return (listener) => {
    const mine = (event: EventMessage) => listener(event)
    listeners.add(mine)
    if (!unsubscribe) subscribe()
    return () => {
      listeners.delete(mine)
      if (listeners.size > 0) return
      unsubscribe?.()
      unsubscribe = undefined
    }
  }
}
