import { expectNoSeriousAxeViolations } from './axe-check'
import { settledTime } from './player'
import { adminAndClient } from './admin-and-client'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'

test.use({ hostKind: 'hub' })

// Issue 60 points 1 and 2: an admin comments at the player's time; a client (a commenter) in another window sees it
// live, replies and asks for changes; the admin's window shows both, and a comment's time seeks the player.
test('a comment at the player’s time reaches a commenter’s window, who replies and sets “Needs changes”', async ({
  webHost,
  browser,
}) => {
  test.setTimeout(90_000)
  const { admin, client, asset, collectionId, refused } = await adminAndClient(webHost, browser)
  const detail = `${webHost.origin}/#/asset/${asset.id}`
  // A client sees neither the library's figures, nor its cached analyses, nor its jobs.
  const entries = client.getByRole('navigation', { name: 'Main' }).getByRole('button')
  await expect(entries).toHaveText(['Library', 'Near-duplicates', 'Workflows', 'Settings'])
  await client.goto(detail)
  const theirs = client.getByRole('region', { name: 'Comments' })
  await expect(theirs.getByText('No comments yet.')).toBeVisible()

  await admin.goto(detail)
  const mine = admin.getByRole('region', { name: 'Comments' })
  expect(await settledTime(admin.locator('video.detail-video'))).toBe(0)
  await admin.evaluate(() => {
    document.querySelector<HTMLVideoElement>('video.detail-video')!.currentTime = 1
  })
  await mine.getByRole('textbox', { name: 'Add a comment' }).fill('The colour is off here, @Cleo')
  await mine.getByRole('button', { name: 'Comment', exact: true }).click()
  await expect(mine.getByTestId('comment')).toHaveText(/admin\s*0:01\s*The colour is off here, @Cleo/)

  // The client's open window hears it, with its time.
  await expect(theirs.getByTestId('comment')).toHaveText(/admin\s*0:01\s*The colour is off here, @Cleo/)
  await theirs.getByRole('textbox', { name: 'Reply' }).fill('Agreed, the last second too')
  await theirs.getByRole('button', { name: 'Reply', exact: true }).click()
  await theirs.getByLabel('Review').selectOption({ label: 'Needs changes' })
  await expect(theirs.getByTestId('review-set-by')).toHaveText(/^by Cleo, /)
  // A commenter resolves threads, and deletes only what they wrote.
  await expect(theirs.getByTestId('comment').first().getByRole('button', { name: 'Delete' })).toHaveCount(0)
  await expect(theirs.getByTestId('comment').nth(1).getByRole('button', { name: 'Delete' })).toBeVisible()

  await expect(mine.getByTestId('comment').nth(1)).toHaveText(/Cleo\s*Agreed, the last second too/)
  await expect(mine.getByLabel('Review')).toHaveValue('needs-changes')
  await expect(mine.getByTestId('review-set-by')).toHaveText(/^by Cleo, /)
  await mine.getByRole('button', { name: 'Resolve' }).click()
  await expect(theirs.getByText('Resolved by admin')).toBeVisible()
  // The collection shows its review progress.
  await admin.goto(`${webHost.origin}/#/library?collection=${collectionId}`)
  await expect(admin.getByTestId('collection-review')).toHaveText('0 of 1 approved, 1 needs changes')

  expect(refused).toEqual([])
  // A comment's time seeks the player there.
  await theirs.getByRole('button', { name: '0:01' }).click()
  await expect.poll(() => settledTime(client.locator('video.detail-video'))).toBe(1)
  await theirs.scrollIntoViewIfNeeded()
  await client.screenshot({ path: `${SCREENS}/review-comments-1440.png`, animations: 'disabled' })
  await client.setViewportSize({ width: 390, height: 844 })
  await theirs.scrollIntoViewIfNeeded()
  await client.screenshot({ path: `${SCREENS}/review-comments-390.png`, animations: 'disabled' })
  await expectNoSeriousAxeViolations(client, 'the asset detail’s comments')
})
