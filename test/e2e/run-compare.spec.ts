import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { LIGHTHOUSE_GRAPH } from '../fixtures/comfy-documents'
import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { writeComfyPng } from './comfy-png'
import { callApi, importFixtures } from './web-api'
import { expect, test, type RunningWebHost } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const fixtures = fixturePaths()
// ComfyUI's largest seed and the one below it: one JavaScript number holds both, so a trip through a float shows them equal.
const SEED_A = '18446744073709551615'
const SEED_B = '18446744073709551614'

/** An API prompt (sampler 3, prompts 6 and 7, SaveImage 9, VideoHelperSuite 10), its seed written as text. */
function prompt(seed: string, positive: string): string {
  const node = (classType: string, inputs: string) => `{"inputs":{${inputs}},"class_type":"${classType}"}`
  return `{${[
    `"3":${node('KSampler', `"seed":${seed},"steps":20,"cfg":8,"sampler_name":"euler","scheduler":"normal","denoise":1,"model":["4",0],"positive":["6",0],"negative":["7",0],"latent_image":["5",0]`)}`,
    `"4":${node('CheckpointLoaderSimple', '"ckpt_name":"sd15.safetensors"')}`,
    `"5":${node('EmptyLatentImage', '"width":512,"height":512,"batch_size":1')}`,
    `"6":${node('CLIPTextEncode', `"text":${JSON.stringify(positive)},"clip":["4",1]`)}`,
    `"7":${node('CLIPTextEncode', '"text":"blurry","clip":["4",1]')}`,
    `"8":${node('VAEDecode', '"samples":["3",0],"vae":["4",2]')}`,
    `"9":${node('SaveImage', '"filename_prefix":"ComfyUI","images":["8",0]')}`,
    `"10":${node('VHS_VideoCombine', '"frame_rate":8,"filename_prefix":"clip","format":"video/h264-mp4","images":["8",0]')}`,
  ].join(',')}}`
}

/** A workflow with three runs, each with a picture on node 9 and a video on node 10; returns the workflow's id. */
async function seedRuns(host: RunningWebHost): Promise<string> {
  const definition = prompt(SEED_A, 'a lighthouse at dusk')
  type Created = { workflow: { id: string } }
  const { workflow } = await callApi<Created>(host, 'workflows:create', {
    name: 'Lighthouse sweep',
    definition,
    format: 'comfyui-api',
    status: 'saved',
  })
  const runs = [
    {
      id: 'run-a',
      seed: SEED_A,
      positive: 'a lighthouse at dusk',
      cached: ['4'],
      image: fixtures.png,
      video: fixtures.mp4,
    },
    {
      id: 'run-b',
      seed: SEED_B,
      positive: 'a lighthouse at dusk',
      cached: [],
      image: fixtures.jpg,
      video: fixtures.webm,
    },
    {
      id: 'run-c',
      seed: '42',
      positive: 'a lighthouse at dawn',
      cached: null,
      image: fixtures.stillWebp,
      video: fixtures.mov,
    },
  ]
  const ids = await importFixtures(
    host,
    runs.flatMap((run) => [run.image, run.video]),
  )
  for (const [i, run] of runs.entries()) {
    const cached = run.cached === null ? '' : `,"cachedNodes":${JSON.stringify(run.cached)}`
    await callApi(host, 'executions:create', {
      workflowId: workflow.id,
      id: run.id,
      status: 'completed',
      startedAt: `2025-03-0${i + 1}T10:00:00.000Z`,
      completedAt: `2025-03-0${i + 1}T10:00:1${i}.500Z`,
      executionData: `{"prompt":${prompt(run.seed, run.positive)}${cached}}`,
    })
    for (const [file, nodeId, nodeType] of [
      [run.image, '9', 'SaveImage'],
      [run.video, '10', 'VHS_VideoCombine'],
    ] as const) {
      const videoId = ids[path.basename(file)]
      await callApi(host, 'workflows:associate', {
        workflowId: workflow.id,
        videoId,
        nodeId,
        nodeType,
        executionId: run.id,
      })
    }
  }
  return workflow.id
}

const videoStates = (page: Page) =>
  page
    .locator('.rc-output video')
    .evaluateAll((videos) =>
      videos.map((v) => ({ paused: (v as HTMLVideoElement).paused, time: (v as HTMLVideoElement).currentTime })),
    )

test('three runs picked on the workflow page compare: the inputs that differ, 20-digit seeds exact, outputs side by side, videos in step', async ({
  page,
  webHost,
}) => {
  test.setTimeout(120_000)
  const workflowId = await seedRuns(webHost)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${webHost.url}#/workflow/${encodeURIComponent(workflowId)}`)
  const table = page.getByRole('table', { name: 'Executions' })
  await expect(table.locator('tbody tr')).toHaveCount(3)
  // The graph draws the definition's exact text: the 20-digit seed, not the float a JSON reader makes of it.
  await expect(page.locator('.wf-graph').getByText(SEED_A).first()).toBeVisible()
  await expect(page.getByText('18446744073709552000')).toHaveCount(0)

  // Picking: Compare waits for two; a tick by keyboard counts like one by mouse.
  const compare = page.getByRole('button', { name: /^Compare \(\d\)$/ })
  await expect(compare).toHaveText('Compare (0)')
  await expect(compare).toBeDisabled()
  await table.getByLabel('Compare run run-a').check()
  await expect(compare).toHaveText('Compare (1)')
  await expect(compare).toBeDisabled()
  await expect(page.getByText('Select 2 to 8 runs to compare them.')).toBeVisible()
  await table.getByLabel('Compare run run-b').focus()
  await page.keyboard.press('Space')
  await table.getByLabel('Compare run run-c').click()
  await expect(compare).toHaveText('Compare (3)')
  await expect(compare).toBeEnabled()
  await page.screenshot({ path: `${SCREENS}/run-compare-pick-1440.png` })
  await compare.click()

  // Oldest to newest, left to right, whatever the order they were ticked in.
  await expect(page).toHaveURL(/#\/run-compare\?runs=run-a,run-b,run-c$/)
  await expect(page.getByRole('heading', { name: 'Runs compared', level: 1 })).toBeVisible()
  await expect(page.getByTestId('compare-summary')).toHaveText('3 runs of Lighthouse sweep: 2 of 16 inputs differ.')
  const grid = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Input' }) })
  // An input's row is named by its node and its name ("KSampler #3 seed"), a fact's by the fact.
  const row = (name: string) =>
    grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) })
  await expect(grid.locator('thead th')).toHaveText(['Input', 'Run 1 run-a', 'Run 2 run-b', 'Run 3 run-c'])
  const seed = row('KSampler #3 seed')
  await expect(seed.locator('td')).toHaveText([SEED_A, SEED_B, '42'])
  // The values unlike the first run's are marked; the first column is what the others are read against.
  await expect(seed.locator('mark')).toHaveText([SEED_B, '42'])
  await expect(row('CLIPTextEncode #6 text').locator('td')).toHaveText([
    'a lighthouse at dusk',
    'a lighthouse at dusk',
    'a lighthouse at dawn',
  ])
  await expect(row('CLIPTextEncode #6 text').locator('mark')).toHaveText(['a lighthouse at dawn'])
  await expect(row('KSampler #3 steps')).toHaveCount(0)
  // The runs' own facts; the versions are one (unknown) here, so no Version row.
  await expect(row('Version')).toHaveCount(0)
  await expect(row('Status').locator('td')).toHaveText(['Completed', 'Completed', 'Completed'])
  await expect(row('Duration').locator('td')).toHaveText(['10.5 s', '11.5 s', '12.5 s'])
  await expect(row('Cached nodes').locator('td')).toHaveText(['4', 'none', 'not recorded'])

  // All inputs: 16 rows, the same ones unmarked.
  await page.getByLabel('Show all inputs').check()
  await expect(grid.locator('tbody tr:not(.rc-section, .rc-fact)')).toHaveCount(16)
  await expect(row('KSampler #3 steps').locator('td')).toHaveText(['20', '20', '20'])
  await expect(row('KSampler #3 steps').locator('mark')).toHaveCount(0)
  await expect(grid.getByRole('rowheader', { name: /filename_prefix$/ })).toHaveCount(2)

  // Outputs side by side: one row per save node, one column per run, each linking to its asset.
  const saveImage = page.getByRole('region', { name: 'SaveImage #9' })
  const pictures = saveImage.locator('img')
  await expect(pictures).toHaveCount(3)
  await expect
    .poll(() => pictures.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth > 0)))
    .toEqual([true, true, true])
  const boxes = await Promise.all([0, 1, 2].map((i) => pictures.nth(i).boundingBox()))
  expect(boxes.map((box) => Math.round(box!.y))).toEqual(Array(3).fill(Math.round(boxes[0]!.y)))
  expect(boxes[0]!.x).toBeLessThan(boxes[1]!.x)
  expect(boxes[1]!.x).toBeLessThan(boxes[2]!.x)
  await expect(saveImage.getByRole('link', { name: path.basename(fixtures.png) })).toHaveAttribute(
    'href',
    /^#\/asset\/[0-9a-f]{16}$/,
  )
  const clips = page.getByRole('region', { name: 'VHS_VideoCombine #10' })
  await expect(clips.locator('video')).toHaveCount(3)
  await expect
    .poll(() =>
      clips.locator('video').evaluateAll((videos) => videos.map((v) => (v as HTMLVideoElement).readyState >= 1)),
    )
    .toEqual([true, true, true])
  // The page scrolls inside the app's frame, not the document: one shot of the table, one of the outputs.
  await page.screenshot({ path: `${SCREENS}/run-compare-1440.png` })
  await expectNoSeriousAxeViolations(page, 'runs compared')

  // One Play starts every video; Pause stops them all at one time; the seek bar moves them all.
  const bar = clips.getByRole('group', { name: 'Playback of VHS_VideoCombine #10' })
  await bar.getByRole('button', { name: 'Play all' }).click()
  await expect
    .poll(async () => (await videoStates(page)).map((v) => !v.paused && v.time > 0.2))
    .toEqual([true, true, true])
  await page.getByRole('heading', { name: 'Outputs by node' }).evaluate((heading) => heading.scrollIntoView())
  await page.screenshot({ path: `${SCREENS}/run-compare-outputs-1440.png` })
  await bar.getByRole('button', { name: 'Pause all' }).click()
  await expect.poll(async () => (await videoStates(page)).map((v) => v.paused)).toEqual([true, true, true])
  const paused = await videoStates(page)
  expect(Math.max(...paused.map((v) => v.time)) - Math.min(...paused.map((v) => v.time))).toBeLessThan(0.05)
  await bar.getByRole('slider', { name: 'Seek all videos of VHS_VideoCombine #10' }).fill('1.5')
  await expect
    .poll(async () => (await videoStates(page)).map((v) => Math.abs(v.time - 1.5) < 0.05))
    .toEqual([true, true, true])
  await expect(bar.getByRole('button', { name: 'Play all' })).toBeVisible()
  // The sound starts off for all of them and comes on for all of them.
  const muted = () => clips.locator('video').evaluateAll((videos) => videos.map((v) => (v as HTMLVideoElement).muted))
  expect(await muted()).toEqual([true, true, true])
  await bar.getByRole('button', { name: 'Sound' }).click()
  await expect(bar.getByRole('button', { name: 'Sound' })).toHaveAttribute('aria-pressed', 'true')
  expect(await muted()).toEqual([false, false, false])
  expect((await videoStates(page)).map((v) => v.paused)).toEqual([true, true, true])

  await page.setViewportSize({ width: 390, height: 844 })
  await page.getByRole('heading', { name: 'Runs compared', level: 1 }).evaluate((heading) => heading.scrollIntoView())
  await page.screenshot({ path: `${SCREENS}/run-compare-390.png` })
  await clips.evaluate((section) => section.scrollIntoView())
  await page.screenshot({ path: `${SCREENS}/run-compare-outputs-390.png` })

  // Back returns to the workflow page it came from.
  await page.goBack()
  await expect(page).toHaveURL(`${webHost.origin}/#/workflow/${encodeURIComponent(workflowId)}`)
  await expect(page.getByRole('table', { name: 'Executions' })).toBeVisible()
})

test('runs of two versions of a workflow, from files: the version row says which, on a phone', async ({
  page,
  webHost,
}) => {
  test.setTimeout(90_000)
  const id = '4f0c2a9e-8d1b-4c3a-9e2f-7b6a5d4c3b2a'
  const dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-compare-'))
  const files = [
    writeComfyPng(path.join(dir, 'lighthouse-one.png'), { ...LIGHTHOUSE_GRAPH, seed: 11 }, id),
    writeComfyPng(path.join(dir, 'lighthouse-two.png'), { ...LIGHTHOUSE_GRAPH, seed: 12, preview: true }, id),
  ]
  // One after the other: the first file's graph is version 1.
  for (const file of files) await importFixtures(webHost, [file])
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${webHost.url}#/workflow/${encodeURIComponent(id)}`)
  const table = page.getByRole('table', { name: 'Executions' })
  await expect(table.locator('tbody tr')).toHaveCount(2)
  for (const box of await table.getByRole('checkbox').all()) await box.check()
  await table.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/run-compare-pick-390.png` })
  await page.getByRole('button', { name: 'Compare (2)' }).click()

  await expect(page.getByTestId('compare-summary')).toContainText('their versions differ')
  const grid = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Input' }) })
  const version = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Version' }) })
  await expect(version.locator('td')).toHaveText([/^[12]$/, /^[12]$/])
  const seeds = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'KSampler #3 seed' }) })
  await expect(seeds.locator('td')).toHaveText(['11', '12'])
  const pictures = page.getByRole('region', { name: 'SaveImage #9' }).locator('img')
  await expect(pictures).toHaveCount(2)
  await expect
    .poll(() => pictures.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth)))
    .toEqual([64, 64])
  await page.screenshot({ path: `${SCREENS}/run-compare-versions-390.png` })
  await expectNoSeriousAxeViolations(page, 'runs compared on a phone')
})
