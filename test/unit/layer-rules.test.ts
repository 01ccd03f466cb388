import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

/** The import-ban messages the project's ESLint config reports for `code` placed at `file`. */
async function importBans(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file })
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message)
}

// The first lint loads the whole ESLint config and its plugins: seconds on a loaded 2-core machine, past 5 s at times.
describe('layer rules', { timeout: 30_000 }, () => {
  it.each([
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs'"],
    ['renderer/src/x.ts', "import { readFileSync } from 'fs'"],
    ['renderer/src/x.ts', "import { shell } from 'electron'"],
    ['renderer/src/x.ts', "import Database from 'better-sqlite3'"],
    ['renderer/src/x.ts', "import { dispatch } from '../../main/dispatch'"],
    ['renderer/src/x.ts', "import '../../preload/index'"],
    ['shared/x.ts', "import { useState } from 'react'"],
    ['shared/x.ts', "import { create } from 'zustand'"],
    ['shared/x.ts', "import path from 'node:path'"],
    ['shared/x.ts', "import { api } from '../renderer/src/api/index'"],
    ['main/services/x.ts', "import { app } from 'electron'"],
    // Services reach files through the object store and the linked-file reader only (issue 33).
    ['main/services/assets/x.ts', "import { stat } from 'node:fs/promises'"],
    ['main/services/assets/x.ts', "import { statSync } from 'fs'"],
    ['main/handlers/x.ts', "import { ipcMain } from 'electron'"],
    ['main/electron/harden.ts', "import { ipcMain } from 'electron'"],
    ['preload/other.ts', "import { ipcRenderer } from 'electron'"],
    // A feature reaches another only through its index.ts, and app/ only for the store and routes.
    ['renderer/src/features/browse/x.ts', "import { CollectionFilter } from '../organise/CollectionFilter'"],
    ['renderer/src/features/browse/x.ts', "import { createOrganiseSlice } from '../organise/organise-slice'"],
    ['renderer/src/features/stats/x.tsx', "import { HealthSection } from '../../features/health/HealthSection'"],
    ['renderer/src/features/stats/x.tsx', "import { AppFrame } from '../../app/AppFrame'"],
    ['renderer/src/features/stats/x.ts', "import { followHash } from '../../app/follow-hash'"],
    // The shell reaches a feature's components only through its index.ts.
    ['renderer/src/app/x.tsx', "import { LibraryView } from '../features/browse/LibraryView'"],
    // ui/ holds no state and calls no api.
    ['renderer/src/ui/x.tsx', "import { api } from '../api/index'"],
    ['renderer/src/ui/x.tsx', "import { useAppStore } from '../app/use-app-store'"],
    ['renderer/src/ui/x.tsx', "import { create } from 'zustand'"],
    ['renderer/src/ui/x.tsx', "import { DeleteDialog } from '../features/organise/index'"],
    ['main/db/repos/x.ts', "import { getMedia } from '../../services/assets/media'"],
    ['main/db/x.ts', "import { openLibrary } from '../app/open-library'"],
    ['main/media/x.ts', "import type { Library } from '../services/assets/media'"],
    ['main/media/x.ts', "import { openLibrary } from '../app/open-library'"],
    ['main/similar/x.ts', "import { trash } from '../services/trash/trash'"],
    ['main/ingest/x.ts', "import { assetFile } from '../services/health/health-files'"],
    ['main/ingest/x.ts', "import { openLibrary } from '../app/open-library'"],
    ['main/jobs/x.ts', "import { trash } from '../services/trash/trash'"],
    ['main/services/x.ts', "import { openLibrary } from '../app/open-library'"],
    ['main/services/trash/x.ts', "import { openLibrary } from '../../app/open-library'"],
    ['main/handlers/x.ts', "import { openLibrary } from '../app/open-library'"],
    ['main/library/x.ts', "import { openLibrary } from '../app/open-library'"],
    ['main/dispatch.ts', "import { openLibrary } from './app/open-library'"],
    // The library context is declared with the services that use it (issue 59 point 4): app/ builds it, nothing
    // below app/ imports app/ (types neither), and the floors below services/ take library/core-context.ts instead.
    ['main/services/x.ts', "import type { LibraryParts } from '../app/compose-library'"],
    ['main/db/x.ts', "import type { Library } from '../services/library-context'"],
    ['main/library/x.ts', "import type { Library } from '../services/library-context'"],
    ['main/ingest/x.ts', "import type { Library } from '../services/library-context'"],
    ['main/storage/x.ts', "import type { Library } from '../services/library-context'"],
  ])('%s may not: %s', async (file, code) => {
    expect(await importBans(file, code)).toHaveLength(1)
  })

  it.each([
    ['renderer/src/x.ts', "import { z } from 'zod'"],
    ['renderer/src/x.ts', "import { contract } from '../../shared/contract'"],
    ['shared/x.ts', "import { z } from 'zod'"],
    ['main/services/x.ts', "import path from 'node:path'"],
    ['main/electron/harden.ts', "import { app } from 'electron'"],
    ['main/electron/ipc.ts', "import { ipcMain } from 'electron'"],
    ['preload/index.ts', "import { contextBridge, ipcRenderer } from 'electron'"],
    ['renderer/src/features/browse/x.ts', "import { CollectionFilter } from '../organise/index'"],
    ['renderer/src/features/browse/x.ts', "import { selectionAfter } from './selection'"],
    ['renderer/src/features/browse/x.ts', "import { useAppStore } from '../../app/use-app-store'"],
    ['renderer/src/features/browse/x.ts', "import type { AppState } from '../../app/store'"],
    ['renderer/src/features/stats/x.ts', "import { hashOfRoute } from '../../app/navigation-slice'"],
    ['renderer/src/features/browse/x.ts', "import { Overlay } from '../../ui/Overlay'"],
    ['renderer/src/features/browse/x.ts', "import { api } from '../../api/index'"],
    ['renderer/src/app/x.ts', "import { createBrowseSlice } from '../features/browse/browse-slice'"],
    ['renderer/src/app/x.ts', "import { decodeBrowse } from '../features/browse/browse-url'"],
    ['renderer/src/app/x.tsx', "import { LibraryView } from '../features/browse/index'"],
    ['renderer/src/ui/x.tsx', "import { toErrorShape } from './error-shape'"],
    ['renderer/src/ui/x.tsx', "import type { ErrorShape } from '../../../shared/errors'"],
    ['main/index.ts', "import { openLibrary } from './app/open-library'"],
    ['main/electron/x.ts', "import { openLibrary } from '../app/open-library'"],
    ['main/web/x.ts', "import { openLibrary } from '../app/open-library'"],
    ['main/hub/x.ts', "import { openLibrarySession } from '../app/library-session'"],
    ['main/cli/x.ts', "import { openLibrary } from '../app/open-library'"],
    ['main/handlers/x.ts', "import { getMedia } from '../services/assets/media'"],
    ['main/services/x.ts', "import { createJobRunner } from '../jobs/runner'"],
    ['main/services/assets/x.ts', "import { statLinked } from '../../storage/linked-files'"],
    ['main/storage/x.ts', "import { stat } from 'node:fs/promises'"],
    ['main/ingest/x.ts', "import { stagingDir } from '../library/library-paths'"],
    ['main/app/x.ts', "import { createFacetIndex } from '../services/facet-index/facet-index'"],
    ['test/integration/x.test.ts', "import { openLibrary } from '../../main/app/open-library'"],
    ['main/services/trash/x.ts', "import type { Library } from '../library-context'"],
    ['main/handlers/x.ts', "import type { Library } from '../services/library-context'"],
    ['main/ingest/x.ts', "import type { LibraryCore } from '../library/core-context'"],
    ['main/storage/x.ts', "import type { LibraryCore } from '../library/core-context'"],
  ])('%s may: %s', async (file, code) => {
    expect(await importBans(file, code)).toEqual([])
  })
})
