// `npm run fuzz -- --runs N [--seed S]`: the contract fuzz (test/integration/contract-fuzz.test.ts) with N runs
// per property instead of the few `npm test` gives it, for a long nightly-style run; `--seed` replays a failure
// (each failure prints its seed).
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '80' }, seed: { type: 'string' } },
  strict: true,
})
for (const [name, value] of Object.entries(values)) {
  if (value !== undefined && !/^[1-9]\d{0,8}$/.test(value)) {
    console.error(`--${name} takes a positive whole number, not "${value}".`)
    process.exit(2)
  }
}
const env = { ...process.env, FUZZ_RUNS: values.runs, ...(values.seed ? { FUZZ_SEED: values.seed } : {}) }
const vitest = ['node_modules/.bin/vitest', 'run', '--project', 'integration', 'test/integration/contract-fuzz.test.ts']
const run = spawnSync(vitest[0], vitest.slice(1), { stdio: 'inherit', env })
process.exit(run.status ?? 1)
