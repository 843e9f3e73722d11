import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const ARROWS =
  'One layer may import only those its arrows allow: docs/ARCHITECTURE.md, Layers and the arrows between them.';
/** Import patterns that reach into the named folders of src, from any depth (./x, ../x, ../../x). */
const layers = (...names) => names.flatMap((n) => [`./${n}`, `./${n}/*`, `**/${n}`, `**/${n}/*`]);

const NO_DOM = ['window', 'document', 'navigator', 'localStorage'];

/**
 * Each folder's boundary: the packages and the other layers it must not import (relative imports
 * are matched by the folder they reach), and the browser globals it must not touch.
 */
const boundary = ({ files, packages, forbidden, typesFrom, globals: banned, patterns = [] }) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: packages },
          ...(forbidden.length ? [{ message: ARROWS, group: layers(...forbidden) }] : []),
          ...(typesFrom
            ? [{ message: ARROWS, group: layers(...typesFrom), allowTypeImports: true }]
            : []),
          ...patterns,
        ],
      },
    ],
    ...(banned ? { 'no-restricted-globals': ['error', ...banned] } : {}),
  },
});

const REACT = ['react', 'react-dom', 'react-dom/*'];
const D3 = ['d3', 'd3-*'];
const ARROW_RULES = [
  // The core runs in Node and in any thread: no DOM, no React, no tfjs, no d3, no other layer.
  boundary({
    files: ['src/core/**/*.ts'],
    packages: [...REACT, '@tensorflow/*', ...D3, 'i18next'],
    forbidden: ['protocol', 'geometry', 'train', 'worker', 'charts', 'url', 'i18n', 'ui'],
    globals: NO_DOM,
  }),
  // What crosses the worker boundary: types and `as const` vocabulary over the core's, nothing else.
  boundary({
    files: ['src/protocol/**/*.ts'],
    packages: [...REACT, '@tensorflow/*', ...D3, 'i18next'],
    forbidden: ['geometry', 'train', 'worker', 'charts', 'url', 'i18n', 'ui'],
    globals: NO_DOM,
  }),
  // Plot geometry both the worker (contours) and the charts need: the core, the protocol's types
  // and d3's pure computations; no DOM.
  boundary({
    files: ['src/geometry/**/*.ts'],
    packages: [...REACT, '@tensorflow/*', 'i18next'],
    forbidden: ['train', 'worker', 'charts', 'url', 'i18n', 'ui'],
    globals: NO_DOM,
  }),
  // tfjs code without DOM: it trains from the core's vocabulary and answers in the protocol's.
  boundary({
    files: ['src/train/**/*.ts'],
    packages: [...REACT, ...D3, 'i18next'],
    forbidden: ['geometry', 'worker', 'charts', 'url', 'i18n', 'ui'],
  }),
  // The worker: train, core, protocol, and the contour geometry it traces; never the page.
  // client.ts is the page's side of the worker, and speaks only the protocol too.
  boundary({
    files: ['src/worker/**/*.ts'],
    packages: [...REACT, 'i18next'],
    forbidden: ['charts', 'url', 'i18n', 'ui'],
  }),
  // Charts compute layouts for React to render; they never touch the DOM or tfjs.
  boundary({
    files: ['src/charts/**/*.ts'],
    packages: [...REACT, '@tensorflow/*', 'i18next'],
    forbidden: ['train', 'worker', 'url', 'i18n', 'ui'],
    globals: ['window', 'document', 'navigator'],
  }),
  // A link is read and written from the core's vocabulary alone; its words live in src/i18n.
  boundary({
    files: ['src/url/**/*.ts'],
    packages: [...REACT, '@tensorflow/*', ...D3, 'i18next'],
    forbidden: ['protocol', 'geometry', 'train', 'worker', 'charts', 'i18n', 'ui'],
  }),
  // The words of the page: they may name the link's vocabulary (types only), never the page,
  // the worker or the charts.
  boundary({
    files: ['src/i18n/**/*.ts'],
    packages: ['@tensorflow/*', ...D3],
    forbidden: ['protocol', 'geometry', 'train', 'worker', 'charts', 'ui'],
    typesFrom: ['url'],
  }),
  // The page talks to the worker through src/worker/client.ts and the protocol's types; tfjs code
  // and the worker's own modules stay on the worker's side. (A folder pattern would exclude
  // client.ts beyond the reach of the `!` that allows it.)
  boundary({
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx', 'src/mount.tsx'],
    packages: ['@tensorflow/*'],
    forbidden: [],
    patterns: [
      {
        message: ARROWS,
        group: [...layers('train'), './worker/*', '**/worker/*', '!**/worker/client'],
      },
    ],
  }),
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', '.gpu-bench'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Training, data and splits draw only from the seeded streams in src/core/rng.ts.
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Use a seeded stream from src/core/rng.ts.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='dataSync']",
          message: 'Read tensors back with await data(), in chunks.',
        },
        // Nothing from a link or a file is ever parsed as markup or code (issue 6: a static page's security).
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Build DOM with React or textContent, never from markup strings.',
        },
        {
          selector:
            "CallExpression[callee.property.name='insertAdjacentHTML'], CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
          message: 'Build DOM with React or textContent, never from markup strings.',
        },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Build DOM with React, never from markup strings.',
        },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // The arrows between the layers (docs/ARCHITECTURE.md, Layers and the arrows between them).
  ...ARROW_RULES,
);
