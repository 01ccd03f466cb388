// A child process for race tests: loads everything, says "ready", and opens the library in
// argv[2] the moment a line arrives on stdin, so several children open it at nearly one instant.
import { createInterface } from 'node:readline'
import { openLibrary } from '../../main/app/open-library'

const dir = process.argv[2]!
const lines = createInterface({ input: process.stdin })
lines.once('line', () => {
  try {
    const lib = openLibrary(dir)
    const version = lib.migration.to
    void lib.close().then(() => {
      console.log(JSON.stringify({ ok: true, version }))
      process.exit(0)
    })
  } catch (error) {
    console.log(JSON.stringify({ ok: false, message: (error as Error).message, stack: (error as Error).stack }))
    process.exit(1)
  }
})
console.log('ready')
