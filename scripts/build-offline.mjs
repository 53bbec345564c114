/**
 * `npm run build:offline`: the site as one folder that works opened from disk (file://),
 * for a USB stick. Browsers refuse module scripts, workers and fetches from a page opened
 * from disk, so this build routes by #fragment and inlines the whole bundle into
 * index.html (svelte.config.js and vite.config.ts switch on OFFLINE_FOLDER=1).
 *
 * Hash routing has no server, so it takes no +page.server.ts, +server.ts or page options.
 * The routes for this build are written here from src/routes, one source of truth: each
 * component is re-exported as it is, each server load becomes the same load run in the
 * page (the route's load.ts), and the theme stylesheet becomes a file beside index.html.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { offlineFolderFlag, offlineOutput, offlineSources } from './offlineFolder.js';
import { withModule } from './viteModules.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const routes = path.join(root, 'src/routes');
const out = path.join(root, offlineSources);

/** Server routes that are files of the site: written into the folder's static files. */
const fileRoutes = { 'theme.css': 'theme.css' };

const importPath = (from, file) => {
  const relative = path.relative(from, file).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
};

function writeRoutes(dir) {
  const target = path.join(out, 'routes', path.relative(routes, dir));
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const where = path.relative(root, file);
    if (entry.isDirectory()) {
      if (existsSync(path.join(file, '+server.ts'))) {
        if (!(entry.name in fileRoutes)) throw new Error(`${where}: a server route the offline folder cannot serve from disk`);
        continue;
      }
      writeRoutes(file);
    } else if (entry.name.endsWith('.svelte') && entry.name.startsWith('+')) {
      const source = importPath(target, file);
      const markup = entry.name.startsWith('+layout') ? '<Route {...props}>{@render children?.()}</Route>' : '<Route {...props} />';
      writeFileSync(
        path.join(target, entry.name),
        `<script>\n  import Route from '${source}';\n  const { children, ...props } = $props();\n</script>\n\n${markup}\n`
      );
    } else if (entry.name === '+page.server.ts') {
      const load = path.join(dir, 'load.ts');
      if (!existsSync(load)) throw new Error(`${where}: keep the load in load.ts beside it, so the offline folder can run it in the page`);
      writeFileSync(path.join(target, '+page.ts'), `export { load } from '${importPath(target, load).replace(/\.ts$/, '')}';\n`);
    } else if (entry.name === '+layout.ts') {
      // page options only (prerender, trailing slash): hash routing renders every page in the browser
      if (/export\s+(const|function)\s+load\b/.test(readFileSync(file, 'utf8'))) throw new Error(`${where}: a layout load the offline folder does not run`);
    } else if (entry.name.startsWith('+')) {
      throw new Error(`${where}: a route file the offline folder does not know`);
    }
  }
}

/**
 * The page template without the notice for a site opened from disk (this folder is meant
 * to be) and without the web-app manifest (nothing installs from disk); its files are
 * beside index.html, where hash routing's empty assets path would not find them.
 */
function writeTemplate() {
  let html = readFileSync(path.join(root, 'src/app.html'), 'utf8');
  for (const [what, pattern, by] of [
    ['the file notice', /\n\s*<div class="file-notice"[\s\S]*?<\/div>/, ''],
    ['the manifest link', /\n\s*<link rel="manifest"[^>]*>/, ''],
    ['the assets path', /%sveltekit\.assets%\//g, './']
  ]) {
    if (!pattern.test(html)) throw new Error(`src/app.html: ${what} was not found`);
    html = html.replace(pattern, by);
  }
  writeFileSync(path.join(out, 'app.html'), html);
}

/** The site's static files but the MNIST sets (the small one is embedded in the bundle), and the theme. */
function writeStatic(themeCss) {
  const target = path.join(out, 'static');
  cpSync(path.join(root, 'src/static'), target, { recursive: true, filter: (file) => !path.relative(path.join(root, 'src/static'), file).startsWith('data') });
  writeFileSync(path.join(target, fileRoutes['theme.css']), themeCss);
}

/**
 * index.html as the bundler leaves it needs two touches. The stylesheet inlined into it
 * still names its fonts relative to the file it was (`url(./KaTeX_….woff2)` in
 * _app/immutable/assets/): point them at that folder. And the policy hashes the inlined
 * script but not that stylesheet: add the hash of each <style> element it lacks.
 */
function finishPage() {
  const assets = '_app/immutable/assets';
  const page = path.join(root, offlineOutput, 'index.html');
  const present = new Set(readdirSync(path.join(root, offlineOutput, assets)));
  let html = readFileSync(page, 'utf8').replace(/url\(\.\/([^)/]+)\)/g, (whole, file) => (present.has(file) ? `url(./${assets}/${file})` : whole));
  const outsideScripts = html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');
  const hashes = [...outsideScripts.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map(
    ([, css]) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`
  );
  const policy = /(<meta http-equiv="content-security-policy" content="[^"]*style-src )([^;"]*)/;
  if (!policy.test(html)) throw new Error(`${offlineOutput}/index.html: no style-src in the page's policy`);
  html = html.replace(policy, (_, head, sources) => `${head}${[...new Set([...sources.split(' '), ...hashes])].join(' ')}`);
  writeFileSync(page, html);
}

rmSync(out, { recursive: true, force: true });
writeRoutes(routes);
writeTemplate();
await withModule('/src/lib/ui/themeCss.ts', async ({ themeCss }) => {
  writeStatic(themeCss());
  process.env[offlineFolderFlag] = '1';
  const { build } = await import('vite');
  await build({ root });
  finishPage();
  console.log(`Wrote ${offlineOutput}/: copy the folder anywhere and open its index.html.`);
});
