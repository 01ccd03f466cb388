import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { CreateBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import { pidIsAlive } from '../../main/jobs/process-owner'
import { s3Client } from '../../main/storage/s3-client'

/** A running S3 service: where it answers and the keys it takes. */
export interface S3Service {
  endpoint: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  /** Kills the servers and removes their folder. */
  stop(): Promise<void>
}

// Debian's Python: the swift modules are installed for it, not for another python3 on PATH (pyenv).
const PYTHON = '/usr/bin/python3'
const SWIFT_PACKAGES = 'swift-proxy swift-account swift-container swift-object'
const REGION = 'us-east-1'
// tempauth's user `test:tester` is the S3 access key, its password the secret.
const ACCESS_KEY = 'test:tester'
const SECRET_KEY = 'testing-secret'
export const START_TIMEOUT_MS = 30_000

// Each server reads its swift.conf from our folder (set_swift_dir), never /etc/swift's, and dies with the test
// process (PR_SET_PDEATHSIG) should that be killed before it stops them.
const RUN_SERVER = `
import ctypes, signal, sys
ctypes.CDLL(None).prctl(1, signal.SIGKILL)
from swift.common import utils
utils.set_swift_dir(sys.argv[1])
from swift.common.storage_policy import reload_storage_policies
reload_storage_policies()
from swift.common.wsgi import run_wsgi
kwargs = {'verbose': True}
if sys.argv[2] == 'object-server':
    from swift.obj import server
    kwargs['global_conf_callback'] = server.global_conf_callback
sys.exit(run_wsgi(sys.argv[3], sys.argv[2], **kwargs))
`

// What swift-ring-builder's create/add/rebalance do, in one process (0.4 s instead of 9 × 0.5 s),
// after checking that the device folder keeps extended attributes (Swift stores metadata in them).
const BUILD_RINGS = `
import os, sys
from swift.common.ring import RingBuilder
etc, device = sys.argv[1], sys.argv[2]
probe = os.path.join(device, '.xattr-probe')
open(probe, 'w').close()
try:
    os.setxattr(probe, 'user.swift.probe', b'1')
except OSError as error:
    sys.exit('Swift needs extended attributes (user.*) on %s: %s. Set TMPDIR to a folder on ext4, xfs or tmpfs.' % (device, error))
finally:
    os.remove(probe)
for kind, port in zip(('account', 'container', 'object'), sys.argv[3:]):
    builder = RingBuilder(6, 1, 1)
    builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': int(port),
                     'replication_ip': '127.0.0.1', 'replication_port': int(port),
                     'device': os.path.basename(device), 'weight': 1, 'meta': ''})
    builder.rebalance()
    builder.get_ring().save(os.path.join(etc, kind + '.ring.gz'))
`

const BACKENDS = ['account', 'container', 'object'] as const

/**
 * Starts an all-in-one OpenStack Swift (Debian's swift-* packages) with its S3 API on loopback, in a fresh temp
 * folder: one device folder for the account, container and object servers, rings of one replica, the proxy with
 * `s3api` + `tempauth`. Creates no bucket. 2.5 to 3 s on this 2-core machine when idle; `stop()` must be called.
 */
export async function startS3Service(): Promise<S3Service> {
  if (!existsSync('/usr/bin/swift-proxy-server') || !existsSync(PYTHON)) {
    throw new Error(`OpenStack Swift is not installed: run "apt-get install ${SWIFT_PACKAGES}" (npm test does).`)
  }
  await removeLeftovers()
  const root = await mkdtemp(path.join(os.tmpdir(), `framevault-swift-${process.pid}-`))
  const children: ChildProcess[] = []
  const stop = async () => {
    await Promise.all(children.map(stopChild))
    await rm(root, { recursive: true, force: true })
  }
  try {
    const etc = path.join(root, 'etc')
    const device = path.join(root, 'devices', 'd1')
    await mkdir(etc)
    await mkdir(device, { recursive: true })
    const [proxyPort, accountPort, containerPort, objectPort, nobodyPort] = await freePorts(5)
    const ports = { account: accountPort, container: containerPort, object: objectPort }
    await writeFile(path.join(etc, 'swift.conf'), SWIFT_CONF)
    for (const kind of BACKENDS) {
      await writeFile(path.join(etc, `${kind}-server.conf`), backendConf(kind, ports[kind], root, etc))
    }
    await writeFile(path.join(etc, 'proxy-server.conf'), proxyConf(proxyPort, nobodyPort, etc))
    const start = (kind: string, port: number) => {
      const server = startServer(etc, `${kind}-server`)
      children.push(server.process)
      return untilHealthy(port, server)
    }
    // The backends read no ring when they start, so they start while the rings are built; the proxy needs them.
    const rings = runPython(BUILD_RINGS, [etc, device, String(accountPort), String(containerPort), String(objectPort)])
    await Promise.all([
      ...BACKENDS.map((kind) => start(kind, ports[kind])),
      rings.then(() => start('proxy', proxyPort)),
    ])
    return {
      endpoint: `http://127.0.0.1:${proxyPort}`,
      region: REGION,
      accessKeyId: ACCESS_KEY,
      secretAccessKey: SECRET_KEY,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

// The folders of test processes killed before they stopped their Swift (the servers die with them).
async function removeLeftovers(): Promise<void> {
  for (const name of await readdir(os.tmpdir())) {
    const pid = Number(/^framevault-swift-(\d+)-/.exec(name)?.[1])
    if (pid && !pidIsAlive(pid)) await rm(path.join(os.tmpdir(), name), { recursive: true, force: true })
  }
}

const SWIFT_CONF = `[swift-hash]
swift_hash_path_suffix = framevault-test
swift_hash_path_prefix = framevault-test

[storage-policy:0]
name = Policy-0
default = yes
`

// `user` is who runs the tests (Swift drops privileges to it, `swift` by default); workers = 0 keeps each server one process.
function commonConf(port: number, etc: string): string {
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
user = ${os.userInfo().username}
swift_dir = ${etc}
log_level = WARNING
disable_fallocate = true
`
}

function backendConf(kind: (typeof BACKENDS)[number], port: number, root: string, etc: string): string {
  return `${commonConf(port, etc)}devices = ${path.join(root, 'devices')}
mount_check = false

[pipeline:main]
pipeline = healthcheck ${kind}-server

[app:${kind}-server]
use = egg:swift#${kind}

[filter:healthcheck]
use = egg:swift#healthcheck
`
}

// tempauth keeps no tokens without memcache (it refuses S3 requests with no cache in the pipeline); the cache
// points at a port nobody listens on, so it misses at once and shares nothing with a memcached on this machine.
function proxyConf(port: number, nobodyPort: number, etc: string): string {
  const filters = ['catch_errors', 'gatekeeper', 'healthcheck', 'listing_formats', 'copy', 'slo', 'dlo']
  return `${commonConf(port, etc)}
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:s3api]
use = egg:swift#s3api
location = ${REGION}

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = ${SECRET_KEY} .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${nobodyPort}

${filters.map((name) => `[filter:${name}]\nuse = egg:swift#${name}\n`).join('\n')}`
}

interface Server {
  process: ChildProcess
  /** The end of what it wrote to stderr (its log), for the error when it dies. */
  log(): string
  exited: Promise<string>
}

function startServer(etc: string, kind: string): Server {
  const child = spawn(PYTHON, ['-c', RUN_SERVER, etc, kind, path.join(etc, `${kind}.conf`)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let tail = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4000)
  })
  child.stderr?.on('error', () => undefined)
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`${kind} could not start: ${error.message}`))
    child.once('exit', (code, signal) => resolve(`${kind} exited (${signal ?? code}): ${tail.trim()}`))
  })
  return { process: child, log: () => tail, exited }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
  await gone
  clearTimeout(timer)
}

/** Waits until the server on `port` answers its /healthcheck; rejects when it dies first or takes too long. */
async function untilHealthy(port: number, server: Server): Promise<void> {
  let died: string | undefined
  void server.exited.then((why) => (died = why))
  const deadline = Date.now() + START_TIMEOUT_MS
  while (died === undefined) {
    if (await answers(`http://127.0.0.1:${port}/healthcheck`)) return
    if (Date.now() > deadline) {
      throw new Error(`Swift did not answer on port ${port} in ${START_TIMEOUT_MS} ms: ${server.log().trim()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(died)
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) })
    await response.arrayBuffer()
    return response.ok
  } catch {
    return false
  }
}

function runPython(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => (stderr += chunk))
    child.stderr.on('error', () => undefined)
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`Building Swift's rings failed: ${stderr.trim()}`)),
    )
  })
}

/** `count` distinct ports free on loopback now (held together, so none is given twice). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer()
          server.once('error', reject)
          server.listen(0, '127.0.0.1', () => resolve(server))
        }),
    ),
  )
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}

/** The address and keys of an S3 service, as a client needs them. */
export type S3Access = Pick<S3Service, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey'>

/** A client of the service with its keys. */
export function serviceClient({ endpoint, region, accessKeyId, secretAccessKey }: S3Access): S3Client {
  return s3Client({ endpoint, region, credentials: { accessKeyId, secretAccessKey } })
}

let buckets = 0

/** Makes a bucket no other test of this process has (`<prefix>-<pid>-<n>`) and gives its name. */
export async function freshBucket(service: S3Access, prefix: string): Promise<string> {
  const bucket = `${prefix}-${process.pid}-${++buckets}`
  await serviceClient(service).send(new CreateBucketCommand({ Bucket: bucket }))
  return bucket
}

/** Every key in the bucket (up to the 1,000 one listing gives), sorted. */
export async function bucketKeys(service: S3Access, bucket: string): Promise<string[]> {
  const listed = await serviceClient(service).send(new ListObjectsV2Command({ Bucket: bucket }))
  return (listed.Contents ?? []).map((object) => object.Key!).sort()
}
