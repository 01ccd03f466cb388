import { expectNoSeriousAxeViolations } from './axe-check'
import { settledTime } from './player'
import { adminAndClient } from './admin-and-client'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'

test.use({ hostKind: 'hub' })

// Issue 60 point 6: an admin @mentions a client (a commenter) at the player's time; the client's open window counts
// it on the bell at once, the entry opens the asset at that time, and the client's reply and status change reach the
// admin's inbox, who marks all read.
test('an @mention shows in the other person’s inbox, live, and opens the asset at the comment', async ({
  webHost,
  browser,
}) => {
  test.setTimeout(90_000)
  const { admin, client, asset } = await adminAndClient(webHost, browser)
  const clientBell = client.getByRole('button', { name: /^Inbox/ })
  await expect(clientBell).toHaveAccessibleName('Inbox, nothing unread')

  await admin.goto(`${webHost.origin}/#/asset/${asset.id}`)
  const mine = admin.getByRole('region', { name: 'Comments' })
  expect(await settledTime(admin.locator('video.detail-video'))).toBe(0)
  await admin.evaluate(() => {
    document.querySelector<HTMLVideoElement>('video.detail-video')!.currentTime = 1
  })
  await mine.getByRole('textbox', { name: 'Add a comment' }).fill('@Cleo is the colour right here?')
  await mine.getByRole('button', { name: 'Comment', exact: true }).click()
  await expect(mine.getByTestId('comment')).toHaveText(/admin\s*0:01\s*@Cleo is the colour right here\?/)
  // The admin's own comment is not in their inbox.
  await expect(admin.getByRole('button', { name: /^Inbox/ })).toHaveAccessibleName('Inbox, nothing unread')

  // The client's open window counts it without a reload.
  await expect(clientBell).toHaveAccessibleName('Inbox, 1 unread')
  await expect(client.getByTestId('inbox-count')).toHaveText('1')
  await clientBell.click()
  const list = client.getByRole('region', { name: 'Inbox' })
  await expect(list.getByTestId('inbox-entry')).toHaveText(
    new RegExp(
      `admin mentioned you on ${asset.name}\\s*“@Cleo is the colour right here\\?”\\s*just now\\s*\\(unread\\)`,
    ),
  )
  await client.screenshot({ path: `${SCREENS}/inbox-1440.png`, animations: 'disabled' })
  await expectNoSeriousAxeViolations(client, 'the inbox')
  await list.getByTestId('inbox-entry').click()
  await expect(client).toHaveURL(new RegExp(`#/asset/${asset.id}`))
  await expect.poll(() => settledTime(client.locator('video.detail-video'))).toBe(1)
  await expect(clientBell).toHaveAccessibleName('Inbox, nothing unread')

  // The client answers and asks for changes: both reach the admin (who commented on it and imported it).
  const theirs = client.getByRole('region', { name: 'Comments' })
  await theirs.getByRole('textbox', { name: 'Reply' }).fill('Too warm in the last second')
  await theirs.getByRole('button', { name: 'Reply', exact: true }).click()
  await expect(theirs.getByTestId('comment').nth(1)).toHaveText(/Cleo\s*Too warm in the last second/)
  await theirs.getByLabel('Review').selectOption({ label: 'Needs changes' })
  const adminBell = admin.getByRole('button', { name: /^Inbox/ })
  await expect(adminBell).toHaveAccessibleName('Inbox, 2 unread')
  await adminBell.click()
  const adminList = admin.getByRole('region', { name: 'Inbox' })
  await expect(adminList.getByTestId('inbox-entry')).toHaveText([
    new RegExp(`^Cleo set it to Needs changes on ${asset.name}`),
    new RegExp(`^Cleo replied to you on ${asset.name}\\s*“Too warm in the last second”`),
  ])
  await admin.setViewportSize({ width: 390, height: 844 })
  await admin.screenshot({ path: `${SCREENS}/inbox-390.png`, animations: 'disabled' })
  await adminList.getByRole('button', { name: 'Mark all read' }).click()
  await expect(adminBell).toHaveAccessibleName('Inbox, nothing unread')
  await expect(adminList.getByText('(unread)')).toHaveCount(0)
})
