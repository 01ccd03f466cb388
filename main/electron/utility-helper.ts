import { fileURLToPath } from 'node:url'
import { utilityProcess } from 'electron'
import { onceGone, type StartHelper } from '../media/helper-process'

/**
 * Starts the tool runner's helper as an Electron utility process. `child_process.fork` would
 * need ELECTRON_RUN_AS_NODE, which the packaged app's RunAsNode fuse switches off.
 */
export const startUtilityHelper: StartHelper = (script) => {
  const child = utilityProcess.fork(fileURLToPath(script.url), [], {
    serviceName: 'Framevault tools',
    stdio: 'inherit',
    execArgv: script.execArgv,
  })
  const gone = onceGone()
  child.once('exit', (code) => gone.report(`exit code ${code}`))
  // An 'error' event without a listener would throw in the main process; 'exit' follows it.
  child.on('error', (type, location) => console.error(`Tool runner process: ${type} at ${location}`))
  return {
    send: (request) => child.postMessage(request),
    onMessage: (listener) => void child.on('message', listener),
    onExit: gone.listen,
    kill: () => void child.kill(),
    // A utility process never keeps Electron alive: the app decides when it quits.
    ref() {},
    unref() {},
  }
}
