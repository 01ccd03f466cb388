// A child process for race tests: loads everything, says "ready", then opens the library named by
// each line that arrives on stdin, the moment it arrives, and answers with one JSON line. Several
// children sent one folder at once open it at nearly one instant; one child serves many trials,
// so each trial costs no process start (a second of CPU here, most of the test's time).
import { createInterface } from 'node:readline'
import { openLibrary } from '../../main/app/open-library'

const lines = createInterface({ input: process.stdin })
lines.on('line', (dir) => {
  try {
    const lib = openLibrary(dir)
    const version = lib.sqlite.migration.to
    void lib.close().then(() => console.log(JSON.stringify({ ok: true, version })))
  } catch (error) {
    console.log(JSON.stringify({ ok: false, message: (error as Error).message, stack: (error as Error).stack }))
  }
})
lines.once('close', () => process.exit(0))
console.log('ready')
