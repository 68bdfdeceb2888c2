// `npm start`'s prestart: compiles `src/` to `dist/` only when the sources changed since the
// last build. The sources' fingerprint (every TypeScript file under src/, the Chinese locale
// files the texts' types come from, the two tsconfig files and package-lock.json: paths and contents) is kept in dist/.build-hash after a
// successful build; a fresh clone has none, so `npm ci && npm start` builds once.
// `npm run build` (`--force`) always compiles. Run alone: `node scripts/buildIfStale.mjs
// [--check | --force]` (`--check` only says whether a build is due, exit code 1 when it is).
import { execFileSync } from 'node:child_process';
import console from 'node:console';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.build-hash');
const entry = path.join(root, 'dist', 'src', 'main.js');

/** Every file under `dir` whose name ends with `ending`, sorted, relative to the project root. */
function sources(dir, ending = '.ts') {
  const out = [];
  if (!existsSync(path.join(root, dir))) return out;
  for (const item of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.join(dir, item.name);
    if (item.isDirectory()) out.push(...sources(relative, ending));
    else if (item.name.endsWith(ending)) out.push(relative);
  }
  return out.sort();
}

/** The fingerprint of everything that decides what `tsc -p tsconfig.build.json` writes. */
function fingerprint() {
  const hash = createHash('sha256');
  // The Chinese locale files give the texts' types: a renamed key must fail the build, not show as a key at run time.
  for (const file of [...sources('src'), ...sources(path.join('locales', 'zh'), '.json'), 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) {
    hash.update(`${file}\0`);
    if (existsSync(path.join(root, file))) hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const current = fingerprint();
const built = existsSync(stampFile) && existsSync(entry) ? readFileSync(stampFile, 'utf8').trim() : '';
if (process.argv.includes('--check')) {
  console.log(built === current ? 'dist is up to date' : 'dist is stale: a build is due');
  process.exit(built === current ? 0 : 1);
}
const force = process.argv.includes('--force');
if (force || built !== current) {
  if (!force) console.log('talentbot: sources changed since the last build, compiling (tsc -p tsconfig.build.json)…');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  writeFileSync(stampFile, `${current}\n`);
}
