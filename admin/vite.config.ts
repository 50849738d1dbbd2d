import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { brotliCompress, constants, gzip } from 'node:zlib';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { deepMerge, FIRST_SCREEN_FEATURES, MESSAGE_PARTS, resourceNames, type Messages } from './src/i18n/modules';

const MESSAGES_ID = 'virtual:incident-desk-messages/';

/**
 * The features' messages (`src/<folder>/messages.ts`) cut by language and part (src/i18n/modules.ts):
 * `import('virtual:incident-desk-messages/en/start')` is the English start part, a chunk of its own holding that
 * language's texts alone. The files are read and evaluated here (they hold data only: an import fails the build).
 */
function messagesByLanguage(): Plugin {
  const src = fileURLToPath(new URL('./src', import.meta.url));
  const read = async (file: string): Promise<{ en: Messages; zhCN: Messages }> => {
    const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    const module = { exports: {} as { en?: Messages; zhCN?: Messages } };
    const require = (name: string) => {
      throw new Error(`${file}: a messages file holds texts only (it imports ${name})`);
    };
    runInNewContext(outputText, { module, exports: module.exports, require });
    const { en, zhCN } = module.exports;
    if (!en || !zhCN) throw new Error(`${file} must export en and zhCN`);
    return { en, zhCN };
  };
  return {
    name: 'incident-desk-messages',
    resolveId(id) {
      return id.startsWith(MESSAGES_ID) ? `\0${id}` : undefined;
    },
    async load(id) {
      if (!id.startsWith(`\0${MESSAGES_ID}`)) return undefined;
      const [locale, part] = id.slice(MESSAGES_ID.length + 1).split('/');
      if ((locale !== 'en' && locale !== 'zh-CN') || !(MESSAGE_PARTS as readonly string[]).includes(part)) throw new Error(`unknown messages ${id}`);
      const folders = (await readdir(src, { withFileTypes: true })).filter((d) => d.isDirectory() && existsSync(join(src, d.name, 'messages.ts')));
      let merged: Messages = {};
      for (const folder of folders.map((d) => d.name).sort()) {
        const file = join(src, folder, 'messages.ts');
        this.addWatchFile(file);
        const messages = (await read(file))[locale === 'en' ? 'en' : 'zhCN'];
        const first = FIRST_SCREEN_FEATURES.includes(folder);
        if (part === 'start') merged = deepMerge(merged, first ? messages : resourceNames(messages));
        else if (!first) merged = deepMerge(merged, messages);
      }
      if (part !== 'start') return `export default ${JSON.stringify(merged)};`;
      // react-admin's own messages start the start part
      const ra = locale === 'en' ? `import ra from 'ra-language-english';` : `import { raMessagesZh as ra } from ${JSON.stringify(join(src, 'i18n/zh-CN.ts'))};`;
      return `${ra}\nexport default { ...ra, ...${JSON.stringify(merged)} };`;
    },
  };
}

/**
 * Precompressed copies of the built text files (`x.js.br`, `x.js.gz`) beside them, made once at build time and served
 * by @fastify/static's `preCompressed` to clients that accept them, so that no request pays for compressing.
 * Brotli quality 10: within 2 % of 11 for the admin's script, at a third of the time (about 4 s against 11 s here).
 */
function precompress(): Plugin {
  const br = promisify(brotliCompress);
  const gz = promisify(gzip);
  const walk = async (dir: string): Promise<string[]> =>
    (await Promise.all((await readdir(dir, { withFileTypes: true })).map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])))).flat();
  let outDir = '';
  return {
    name: 'incident-desk-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await walk(outDir)).filter((f) => /\.(js|css|html|svg|json|txt|map)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          if ((await stat(file)).size < 1024) return;
          const bytes = await readFile(file);
          const params = { [constants.BROTLI_PARAM_QUALITY]: 10, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
          await Promise.all([
            br(bytes, { params }).then((b) => writeFile(`${file}.br`, b)),
            gz(bytes, { level: 9 }).then((g) => writeFile(`${file}.gz`, g)),
          ]);
        }),
      );
    },
  };
}

// The shared package is bundled from its TypeScript source: no build step is needed for it.
export default defineConfig({
  base: '/',
  plugins: [react(), messagesByLanguage(), precompress()],
  resolve: {
    alias: {
      '@incident-desk/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  build: {
    // the bundle budget test (test/browser/bundle-budget.test.ts) reads which chunks each page loads from the manifest
    manifest: true,
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
  },
});
