import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const launcher = path.resolve(import.meta.dirname, '../../scripts/run-compiled.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'one-roof-run-compiled-'));
const cache = path.join(work, 'cache');
const entry = path.join(work, 'entry.ts');
const dependency = path.join(work, 'greeting.ts');

writeFileSync(
  entry,
  `import { greeting } from './greeting';
const name: string = process.argv.slice(2).join(' ');
console.log(\`\${greeting} \${name} from \${process.argv[1]}\`);
`,
);
writeFileSync(dependency, `export const greeting: string = 'hello';\n`);

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [launcher, entry, ...args], {
    env: { ...process.env, ONE_ROOF_BUILD_CACHE: cache },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const build = JSON.parse(readFileSync(path.join(cache, 'manifest.json'), 'utf8')).id as string;
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr, build };
}

describe('the CLI runs from a cached build of its TypeScript', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('builds once, reuses the build while its inputs are unchanged, and rebuilds when one changes', () => {
    const first = run('ada', '--flag');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // The entry sees its own path and the arguments, as if run directly.
    expect(first.stdout).toBe(`hello ada --flag from ${entry}`);

    const second = run('grace');
    expect(second.stdout).toBe(`hello grace from ${entry}`);
    expect(second.build).toBe(first.build);

    // A file the entry imports changes: the next run builds again and runs the new code.
    writeFileSync(dependency, `export const greeting: string = 'goodbye';\n`);
    const third = run('ada');
    expect(third.stdout).toBe(`goodbye ada from ${entry}`);
    expect(third.build).not.toBe(first.build);

    const fourth = run('ada');
    expect(fourth.build).toBe(third.build);
  });
});
