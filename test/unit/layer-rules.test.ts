import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

/** The import-ban messages the project's ESLint config reports for `code` placed at `file`. */
async function importBans(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layer rules', () => {
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
    ['main/handlers/x.ts', "import { ipcMain } from 'electron'"],
    ['main/electron/harden.ts', "import { ipcMain } from 'electron'"],
    ['preload/other.ts', "import { ipcRenderer } from 'electron'"],
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
  ])('%s may: %s', async (file, code) => {
    expect(await importBans(file, code)).toEqual([])
  })
})
