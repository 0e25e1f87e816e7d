import { defineConfig } from 'vite'

// Built into dist/ with relative asset paths: served under /booth/.
export default defineConfig({ base: './', build: { outDir: 'dist', target: 'es2022' } })
