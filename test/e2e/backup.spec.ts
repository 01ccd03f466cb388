import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { expectNoSeriousAxeViolations } from './axe-check'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'

test('backs the library up from the info page with progress, lists the backup and guards restores', async ({
  page,
  webHost,
}) => {
  await page.goto(`${webHost.url}#/settings`)
  const panel = page.getByRole('region', { name: 'Backups' })
  await expect(panel.getByText('No backups yet.')).toBeVisible()
  await expect(panel).toContainText(`Backups are written to ${path.join(webHost.libraryDir, 'backups')}`)

  await panel.getByRole('button', { name: 'Back up now' }).click()
  const run = page.getByTestId('backup-run')
  await expect(run).toHaveAttribute('data-status', 'done')
  await expect(run.getByRole('progressbar', { name: 'Backup' })).toHaveAttribute('aria-valuenow', '100')
  await expect(run.getByRole('status')).toContainText(
    /Backed up and verified: library-.*\.db, \d+\.\d KiB in \d+\.\d\d s/,
  )

  const files = readdirSync(path.join(webHost.libraryDir, 'backups'))
  expect(files).toHaveLength(1)
  const row = page.getByTestId('backup-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(files[0]!)
  await expect(row).toContainText(
    `${(statSync(path.join(webHost.libraryDir, 'backups', files[0]!)).size / 1024).toFixed(1)} KiB`,
  )
  await panel.screenshot({ path: `${SCREENS}/backups-panel.png` })
  await expectNoSeriousAxeViolations(page, 'Settings with a backup')

  // The library folder itself is never a restore target (and this host allows no folders at all).
  await row.getByRole('button', { name: `Restore ${files[0]}` }).click()
  const target = path.join(webHost.libraryDir, 'restored')
  await panel.getByLabel('Into folder').fill(target)
  await panel.getByRole('button', { name: 'Restore', exact: true }).click()
  await expect(panel.getByRole('alert')).toContainText(/outside this library|may not write/)
  expect(existsSync(target)).toBe(false)
  await page.screenshot({ path: `${SCREENS}/backup-restore-refused.png`, fullPage: true })
})
