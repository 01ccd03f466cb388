import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        // Scripts of worker threads and helper processes are entries of their own (see main/media/worker-script.ts).
        input: {
          index: resolve('main/index.ts'),
          'sha256-worker': resolve('main/media/sha256-worker.ts'),
          'tool-runner-child': resolve('main/media/tool-runner-child.ts'),
          'similar-index-worker': resolve('main/similar/similar-index-worker.ts'),
          'pdq-worker': resolve('main/pipelines/pdq-worker.ts'),
          'scene-text-worker': resolve('main/pipelines/text/scene-text-worker.ts'),
          'plugin-database-worker': resolve('main/services/analyses/plugin-database-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only electron: bundle everything else (zod) into one CJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: { outDir: 'out/renderer', minify: true, rolldownOptions: { input: resolve('renderer/index.html') } },
  },
})
