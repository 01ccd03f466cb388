import { availableParallelism } from 'node:os'
import { defineConfig } from '@playwright/test'
import type { HostKind } from './test/e2e/web-host-fixture'

// Specs that judge the page by its frames' clock (whether a wheel scroll looks like a fling): they run after the
// others, on their own (after the hub's journeys too), since two specs beside them on a two-core machine can stall frames enough to turn a
// wheel's pace into a fling's.
const FRAME_TIMED = ['**/grid-scroll.spec.ts']
// The journeys of issue 34's acceptance, run a second time against a team hub (as its first admin).
const HUB_JOURNEYS = [
  'import',
  'browse',
  'organise',
  'workflow-journey',
  'analyses',
  'pipelines',
  'download',
  'review-links',
].map((name) => `**/${name}.spec.ts`)

export default defineConfig<{ hostKind: HostKind }>({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results/e2e-artifacts',
  // Each test has its own web host and library, so files can run side by side. One worker keeps
  // less than one core busy (it waits on the page): two at least, else Playwright's default (half the cores).
  workers: Math.max(2, Math.floor(availableParallelism() / 2)),
  timeout: 30_000,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  projects: [
    { name: 'app', testIgnore: FRAME_TIMED },
    { name: 'frame-timed', testMatch: FRAME_TIMED, dependencies: ['app', 'hub'] },
    { name: 'hub', testMatch: HUB_JOURNEYS, use: { hostKind: 'hub' } },
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is not reachable here.
      // An empty CHROMIUM_PATH counts as unset, as in scripts/system-packages.mjs.
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
})
