// `node scripts/run-compiled.mjs <entry.ts> [args…]`: runs a TypeScript entry (the gate CLI) from an esbuild
// bundle kept under node_modules/.cache, rebuilt only when a file it was built from changed. Loading every
// module through tsx at each start cost seconds; a stat of the inputs costs milliseconds.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Part of the signature: a change to how the bundle is built invalidates every cached one.
const RECIPE = 'esm-split-packages-external-react-server-1';
// Beyond the files esbuild read: these change how imports resolve.
const SETTINGS = ['package.json', 'tsconfig.json', fileURLToPath(import.meta.url)];

const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  console.error('usage: node scripts/run-compiled.mjs <entry.ts> [args…]');
  process.exit(2);
}
const entry = path.resolve(entryArg);
const cacheDir =
  process.env.ONE_ROOF_BUILD_CACHE ??
  path.join(root, 'node_modules', '.cache', 'one-roof', path.basename(entry).replace(/\.[^.]+$/, ''));

/** size, mtime and ctime of each file, in order; null when one is gone. */
async function signatureOf(files) {
  try {
    const stats = await Promise.all(files.map((file) => stat(path.resolve(root, file))));
    return [
      RECIPE,
      ...stats.map((info, i) => `${files[i]}\t${info.size}\t${info.mtimeMs}\t${info.ctimeMs}`),
    ].join('\n');
  } catch {
    return null;
  }
}

async function cachedBuild() {
  try {
    const manifest = JSON.parse(await readFile(path.join(cacheDir, 'manifest.json'), 'utf8'));
    if (manifest.entry !== entry) return null;
    const signature = await signatureOf(manifest.files);
    if (signature === null || signature !== manifest.signature) return null;
    // Marks the build as in use, so a rebuild by another start leaves it alone while this one loads its chunks.
    const now = new Date();
    await utimes(path.join(cacheDir, manifest.id), now, now);
    return manifest;
  } catch {
    return null;
  }
}

async function build() {
  const { build: esbuild } = await import('esbuild');
  const id = `build-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const outdir = path.join(cacheDir, id);
  // The signature is taken before the build: an edit racing it leaves a stale one, so the next start rebuilds.
  const result = await esbuild({
    entryPoints: [entry],
    absWorkingDir: root,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    conditions: ['react-server'],
    entryNames: 'main',
    // .mjs: under node_modules no package.json says `type: module`, and .js would load as CommonJS.
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'error',
  });
  const files = [...SETTINGS, ...Object.keys(result.metafile.inputs)];
  const signature = await signatureOf(files);
  const manifest = { entry, id, files, signature };
  const temporary = path.join(cacheDir, `manifest.json.${randomBytes(4).toString('hex')}`);
  await writeFile(temporary, JSON.stringify(manifest));
  // Atomic: a concurrent start sees the old manifest or this one, never half of either.
  await rename(temporary, path.join(cacheDir, 'manifest.json'));
  await removeOldBuilds(id);
  return manifest;
}

// A build used within the hour may still be loading chunks in another process: it is left alone.
async function removeOldBuilds(current) {
  const entries = await readdir(cacheDir, { withFileTypes: true });
  await Promise.all(
    entries
      .filter((item) => item.isDirectory() && item.name.startsWith('build-') && item.name !== current)
      .map(async (item) => {
        const full = path.join(cacheDir, item.name);
        const info = await stat(full).catch(() => null);
        if (info && Date.now() - info.mtimeMs > 3_600_000) await rm(full, { recursive: true, force: true });
      }),
  );
}

await mkdir(cacheDir, { recursive: true });
const manifest = (await cachedBuild()) ?? (await build());
// The entry sees the command line it would have seen run directly: its own path, then the arguments.
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(path.join(cacheDir, manifest.id, 'main.mjs')).href);
