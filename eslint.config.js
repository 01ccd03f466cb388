import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import prettier from 'eslint-plugin-prettier/recommended'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)]
const ipcBan = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Only the IPC wrappers use ipcMain/ipcRenderer.',
}
const backendOnly = [
  ...nodeBuiltins.map((name) => ({ name, message: 'Node APIs belong to main/.' })),
  { name: 'electron', message: 'Only main/electron and preload/ know Electron.' },
  { name: 'better-sqlite3', message: 'The database belongs to main/.' },
]
const backendFolders = {
  group: ['**/main/**', '**/preload/**'],
  message: 'Reach the backend through the API only.',
}

const electronBan = { name: 'electron', message: 'The service layer does not know Electron; use main/electron/.' }
const appBan = {
  group: ['**/app', '**/app/**'],
  message: 'Only the hosts (main/electron, main/web, main/hub, main/cli, main/index.ts) import app/.',
}
const servicesBan = {
  group: ['**/services', '**/services/**'],
  message:
    'db/, media/, similar/, ingest/, jobs/, pipelines/, storage/ and library/ sit below services/: pass what they need in instead (library/core-context.ts).',
}

// comfy/ speaks ComfyUI's protocol and sits below everything but shared/ and generation/: one
// level up it may reach only generation/, two levels up only shared/ (tool paths are passed in).
const comfyOutside = {
  regex: String.raw`^(\.\./(?!generation/)[^./]|\.\./\.\./(?!shared/))`,
  message: 'comfy/ imports only shared/ and generation/: pass what else it needs in (like the ffmpeg path).',
}
// comfy/fake/ is one level deeper: the same bans, with comfy/ itself as its parent.
const comfyFakeOutside = {
  regex: String.raw`^(\.\./\.\./(?!generation/)[^./]|\.\./\.\./\.\./(?!shared/))`,
  message: comfyOutside.message,
}

// Services reach files only through the library's object store and the linked-file reader (main/storage/).
const handEmittedChange = {
  selector: "CallExpression[callee.property.name='emit'][arguments.0.value='library:changed']",
  message: 'Writes send library:changed on their own (main/db/change-feed.ts); do not emit it by hand.',
}
const libraryType =
  "[typeAnnotation.typeAnnotation.type='TSTypeReference'][typeAnnotation.typeAnnotation.typeName.name='Library']"
const wholeLibrary = [
  `:function > Identifier${libraryType}`,
  `TSPropertySignature${libraryType}`,
  `TSMethodSignature > Identifier${libraryType}`,
].map((selector) => ({ selector, message: 'Take what the service uses: Pick<Library, ...> (issue 33 point 5).' }))
const fsBans = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
  name,
  message: 'Services reach owned bytes through lib.store and linked files through main/storage/linked-files.ts.',
}))

/** @typescript-eslint/no-restricted-imports (it knows type imports) with the given bans; each file gets one such rule, so bans are listed whole. */
const restrict = (paths, patterns = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
})

// --- renderer layers (renderer/README.md): a feature is reached only through its index.ts; a
// feature reaches app/ only for the store hook, the store's types and the routes; ui/ holds no
// state and calls no api. Patterns match the import string, so both `../other/x` and a path
// through `features/` are caught.
const otherFeatureInternals = {
  regex: String.raw`^(\.\./(?!\.\.)[^/]+|(\.\./)+features/[^/]+)/(?!index$)[^/]+$`,
  message: 'Import another feature through its index.ts, not its internals.',
}
const appInternals = {
  regex: String.raw`^(\.\./)+app/(?!(use-app-store|store|navigation-slice)$)`,
  message: 'A feature uses only the store hook, the store types and the routes of app/.',
}
const featureInternalsFromApp = {
  regex: String.raw`^\.\./features/[^/]+/(?!(index|[a-z-]+-slice|[a-z-]+-actions|[a-z-]+-url)$)[^/]+$`,
  message: 'app/ reaches a feature through its index.ts (the store root also through its *-slice and *-url modules).',
}
const uiBans = {
  regex: String.raw`^(\.\./)+(api|app|features)(/|$)`,
  message: 'ui/ holds no state and calls no api: no api client, store or feature.',
}
const rendererLayers = [
  {
    files: ['renderer/src/features/**/*.{ts,tsx}'],
    rules: restrict(backendOnly, [backendFolders, otherFeatureInternals, appInternals]),
  },
  {
    files: ['renderer/src/app/**/*.{ts,tsx}'],
    rules: restrict(backendOnly, [backendFolders, featureInternalsFromApp]),
  },
  {
    files: ['renderer/src/ui/**/*.{ts,tsx}'],
    rules: restrict([...backendOnly, { name: 'zustand', message: uiBans.message }], [backendFolders, uiBans]),
  },
]
// --- end renderer layers

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'build/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      ...restrict([ipcBan]),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/index.ts'],
    rules: restrict([electronBan], [appBan]),
  },
  // The hosts compose a library through app/; nothing else in main/ may.
  { files: ['main/web/**/*.ts', 'main/hub/**/*.ts', 'main/cli/**/*.ts'], rules: restrict([electronBan]) },
  // The lower layers: services/ builds on them, never the other way round.
  {
    files: [
      'main/db/**/*.ts',
      'main/media/**/*.ts',
      'main/similar/**/*.ts',
      'main/ingest/**/*.ts',
      'main/jobs/**/*.ts',
      'main/pipelines/**/*.ts',
      'main/storage/**/*.ts',
      'main/library/**/*.ts',
    ],
    rules: restrict([electronBan], [appBan, servicesBan]),
  },
  { files: ['main/services/**/*.ts'], rules: restrict([electronBan, ...fsBans], [appBan]) },
  { files: ['main/comfy/**/*.ts'], rules: restrict([electronBan], [comfyOutside]) },
  { files: ['main/comfy/fake/**/*.ts'], rules: restrict([electronBan], [comfyFakeOutside]) },
  { files: ['main/electron/ipc.ts', 'preload/index.ts'], rules: { '@typescript-eslint/no-restricted-imports': 'off' } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, ...restrict(backendOnly, [backendFolders]) },
  },
  ...rendererLayers,
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [
        ...backendOnly,
        { name: 'react', message: 'shared/ is UI-free.' },
        { name: 'zustand', message: 'shared/ is UI-free.' },
      ],
      [
        backendFolders,
        { group: ['**/renderer/**', 'react-dom', 'react-dom/*'], message: 'shared/ imports no other layer.' },
      ],
    ),
  },
  {
    // `library:changed` comes from the write layer (main/db/change-feed.ts, a hub's postgres/postgres-change-feed.ts),
    // never by hand: a hand-written one names tables as strings, and a typo silently stops a refresh. Tests may
    // still play one.
    files: ['main/**/*.ts', 'renderer/**/*.{ts,tsx}', 'shared/**/*.ts', 'preload/**/*.ts'],
    ignores: ['main/db/change-feed.ts', 'main/db/postgres/postgres-change-feed.ts'],
    rules: { 'no-restricted-syntax': ['error', handEmittedChange] },
  },
  {
    // Services take what they use of the library (issue 33 point 5): Pick<Library, ...>, not the whole of it.
    files: ['main/services/**/*.ts', 'main/ingest/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', handEmittedChange, ...wholeLibrary] },
  },
  {
    // Value import cycles (type-only imports are ignored: they vanish at runtime).
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  prettier,
)
