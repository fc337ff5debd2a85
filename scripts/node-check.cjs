// Runs before `npm install` under whatever Node the machine has. wrangler, miniflare and vitest need
// Node 22+, so node@24 is a dev dependency: npm puts node_modules/.bin first on PATH, and every npm
// script then runs under it. Say so once instead of letting npm print an engine warning per package.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.log(
    `Node ${process.version} found: the npm scripts will run under Node 24 from devDependencies (wrangler and vitest need 22+).`,
  );
}
