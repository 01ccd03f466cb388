// Loaded with --import into a forked Node process: gives it an Electron-like process.parentPort
// carried over Node's IPC channel in envelopes, so a script that used process.send directly
// (or read raw IPC messages) would be caught by the other side. Like Electron's, the port
// queues messages until a 'message' handler is registered.
import { EventEmitter } from 'node:events'

const port = new EventEmitter()
const queued = []
port.postMessage = (message) => process.send({ fromParentPort: message })
port.on('newListener', (event) => {
  if (event === 'message') setImmediate(() => queued.splice(0).forEach((data) => deliver(data)))
})
const deliver = (data) => {
  if (port.listenerCount('message') === 0) queued.push(data)
  else port.emit('message', { data, ports: [] })
}
process.on('message', (envelope) => {
  if (envelope && typeof envelope === 'object' && 'toParentPort' in envelope) deliver(envelope.toParentPort)
})
process.parentPort = port
