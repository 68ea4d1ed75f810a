import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

// How the console is bundled (scripts/build.mjs), shared with the benchmark so its
// baselines are bundled exactly the same way.
//
// Everything on the start-up path is bundled (Ink, React, zustand, knex and their
// dependencies): one file read instead of ~600 module loads before the first frame. Left
// in node_modules: the database drivers (native sqlite3; pg and the drivers knex names
// for dialects we do not use), and the heavy libraries only reached through dynamic
// import() when used (Google client, PDF, MIME, browser launcher).
export const EXTERNAL = [
  // database drivers, loaded by knex when a database of that kind is opened
  'sqlite3',
  'pg',
  'pg-native',
  'pg-query-stream',
  'better-sqlite3',
  'mysql',
  'mariadb',
  'mariadb/callback',
  'mysql2',
  'oracledb',
  'tedious',
  // loaded on use only
  '@googleapis/gmail',
  'google-auth-library',
  'nodemailer',
  'pdfkit',
  'open',
  'https-proxy-agent',
];

/**
 * Ink's layout engine (yoga-layout) carries its WebAssembly as a data: URL and fetches it
 * with fetch() when there is one, which makes node load its whole HTTP client (undici,
 * ~30 ms) before the first frame. Its own synchronous decoder is used instead.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(build) {
    build.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const patched = source.replace('"function"!=typeof fetch?', '!0?');
      return {
        contents: patched,
        loader: 'js',
        warnings: patched === source ? [{ text: 'yoga-layout changed: its wasm is fetched again (start-up ~30 ms slower)' }] : [],
      };
    });
  },
};

/** Ink connects to React's devtools (and their websocket client) only with DEV=true: left out. */
const noDevtools = {
  name: 'no-react-devtools',
  setup(build) {
    build.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      /[\\/]ink[\\/]build[\\/]/.test(args.importer) ? { path: 'ink-devtools', namespace: 'stub' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * knex (875 KB bundled) is needed only once the database is opened, after the first frame:
 * dist/cli.js imports it from its own file, dist/knex.js (scripts/build.mjs builds both).
 */
export const knexInItsOwnFile = {
  name: 'knex-in-its-own-file',
  setup(build) {
    build.onResolve({ filter: /^knex$/ }, (args) =>
      /node_modules/.test(args.importer) ? undefined : { path: './knex.js', external: true },
    );
  },
};

/**
 * nodemailer's MailComposer (it writes the MIME skeleton of a mail) is needed only when a
 * mail is built: dist/cli.js imports it from its own file, dist/mime.js. Loaded from
 * node_modules instead, its ~55 CommonJS files took 35–60 ms to resolve and load at every
 * send here; one bundled file, 2–15 ms. (Its address parser, read with the recipients,
 * stays in node_modules: one small file.)
 */
export const MAIL_COMPOSER = createRequire(import.meta.url).resolve('nodemailer/lib/mail-composer');
export const mimeInItsOwnFile = {
  name: 'mime-in-its-own-file',
  setup(build) {
    build.onResolve({ filter: /^nodemailer\/lib\/mail-composer$/ }, (args) =>
      /node_modules/.test(args.importer) ? undefined : { path: './mime.js', external: true },
    );
  },
};

/**
 * knex names a dozen dialects; the console speaks SQLite and PostgreSQL. The others are
 * left out of dist/knex.js (a third of its size, parsed at every database opening): asking
 * for one says so.
 */
const onlyOurDialects = {
  name: 'knex-only-sqlite-and-postgres',
  setup(build) {
    build.onResolve(
      { filter: /^\.\/(better-sqlite3|cockroachdb|mssql|mysql|mariadb|mysql2|oracle|oracledb|pgnative|redshift)$/ },
      (args) =>
        /knex[\\/]lib[\\/]dialects[\\/]index\.js$/.test(args.importer)
          ? { path: args.path, namespace: 'knex-dialect-left-out' }
          : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'knex-dialect-left-out' }, (args) => ({
      contents: `throw new Error('prextra-console speaks SQLite and PostgreSQL only (knex dialect ${args.path.slice(2)} left out of the build)');`,
      loader: 'js',
    }));
  },
};

/**
 * To/Cc are read with nodemailer's address parser (one small file): bundled, so that
 * nodemailer itself is loaded only when a mail is built.
 */
const addressParserBundled = {
  name: 'nodemailer-address-parser-bundled',
  setup(build) {
    build.onResolve({ filter: /^nodemailer\/lib\/addressparser$/ }, (args) => ({
      path: createRequire(args.importer || import.meta.url).resolve(args.path),
    }));
  },
};

/**
 * Node's own modules that only what runs after the first frame needs (the network, TLS,
 * DNS, child processes, crypto, the HTTP servers of the Gmail link and the simulator).
 * An ES module bundle hoists every `import 'node:x'` to its top, so node would load and
 * compile all of them (~60 ms) before drawing anything, even for code reached only through
 * import(). Each is given as a CommonJS module requiring it instead: esbuild then
 * requires it inside the lazy initialiser of the module that uses it, on first use.
 */
export const LAZY_BUILTINS = [
  'assert',
  'child_process',
  'crypto',
  'dgram',
  'dns',
  'dns/promises',
  'http',
  'https',
  'net',
  'perf_hooks',
  'readline',
  'tls',
  'zlib',
];
const lazyBuiltins = {
  name: 'lazy-node-builtins',
  setup(build) {
    const names = LAZY_BUILTINS.map((n) => n.replace('/', '\\/')).join('|');
    build.onResolve({ filter: new RegExp(`^(node:)?(${names})$`) }, (args) =>
      // The stand-in's own require is node's.
      args.namespace === 'lazy-builtin'
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `module.exports = require('node:${args.path}');`,
      loader: 'js',
    }));
  },
};

export const bundleOptions = {
  bundle: true,
  // One file: the console's start-up reads one module instead of dozens of chunks. Our own
  // modules behind import() stay unevaluated until used.
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // knex and other CommonJS code require() at run time (drivers, node: modules): an ES
  // module has no require of its own.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __prxCreateRequire } from 'node:module';\nconst require = __prxCreateRequire(import.meta.url);",
  },
  // React's production build, and Ink's and React's development branches dropped.
  define: { 'process.env.NODE_ENV': '"production"' },
  jsx: 'automatic',
  sourcemap: 'linked',
  metafile: true,
  plugins: [yogaWithoutFetch, noDevtools, onlyOurDialects, addressParserBundled, lazyBuiltins],
  logLevel: 'warning',
};
