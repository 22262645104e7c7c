// Removes optionalDependencies edges to packages this registry does not carry (other-OS binaries),
// so that `npm ci` accepts the lockfile (docs/decisions.md, "npm ci and the lockfile").
// Run after every dependency change: `npm run deps:prune-lock`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

function resolves(fromKey, name) {
  // Walk up node_modules folders the way Node's resolver does.
  let base = fromKey;
  for (;;) {
    if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
    if (!base) return false;
    const cut = base.lastIndexOf('node_modules/');
    base = cut <= 0 ? '' : base.slice(0, cut - 1);
  }
}

let pruned = 0;
for (const [key, entry] of Object.entries(packages)) {
  const optional = entry.optionalDependencies;
  if (!optional) continue;
  for (const name of Object.keys(optional)) {
    if (!resolves(key, name)) {
      delete optional[name];
      pruned += 1;
    }
  }
  if (Object.keys(optional).length === 0) delete entry.optionalDependencies;
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`prune-lockfile: removed ${pruned} dangling optional edge(s)`);
