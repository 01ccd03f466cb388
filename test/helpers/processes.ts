import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach } from 'vitest'

const started: ChildProcess[] = []

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

/** A live process that is not this one (a sleeping `sleep`), killed after the current test. */
export async function sleepingProcess(): Promise<number> {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' })
  started.push(child)
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', reject)
  })
  return child.pid!
}

/** The pid of a process that has already exited. */
export async function deadPid(): Promise<number> {
  const child = spawn('true', [], { stdio: 'ignore' })
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => resolve())
    child.once('error', reject)
  })
  return child.pid!
}
