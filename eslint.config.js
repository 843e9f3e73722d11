import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const ARROWS =
  'One layer may import only those its arrows allow: docs/ARCHITECTURE.md, Layers and the arrows between them.';
/** Import patterns that reach into the named folders of src, from any depth (./x, ../x, ../../x). */
const layers = (...names) => names.flatMap((n) => [`./${n}`, `./${n}/*`, `**/${n}`, `**/${n}/*`]);

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
  // The arrows between the layers (docs/ARCHITECTURE.md, Layers and the arrows between them): each
  // folder names what it must not import. Relative imports are matched by the folder they reach.
  {
    // The core runs in Node and in any thread: no DOM, no React, no tfjs, no d3, no other layer.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'react',
                'react-dom',
                'react-dom/*',
                '@tensorflow/*',
                'd3',
                'd3-*',
                'i18next',
              ],
            },
            {
              group: layers(
                'protocol',
                'geometry',
                'train',
                'worker',
                'charts',
                'url',
                'i18n',
                'ui',
              ),
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    // What crosses the worker boundary: types and `as const` vocabulary over the core's, nothing else.
    files: ['src/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', '@tensorflow/*', 'd3', 'd3-*', 'i18next'] },
            {
              message: ARROWS,
              group: layers('geometry', 'train', 'worker', 'charts', 'url', 'i18n', 'ui'),
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    // Plot geometry both the worker (contours) and the charts need: the core, the protocol's
    // types and d3's pure computations; no DOM.
    files: ['src/geometry/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', '@tensorflow/*', 'i18next'] },
            { message: ARROWS, group: layers('train', 'worker', 'charts', 'url', 'i18n', 'ui') },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    // tfjs code without DOM: it trains from the core's vocabulary and answers in the protocol's.
    files: ['src/train/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'd3', 'd3-*', 'i18next'] },
            { message: ARROWS, group: layers('geometry', 'worker', 'charts', 'url', 'i18n', 'ui') },
          ],
        },
      ],
    },
  },
  {
    // The worker: train, core, protocol, and the contour geometry it traces; never the page.
    // client.ts is the page's side of the worker, and speaks only the protocol too.
    files: ['src/worker/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'i18next'] },
            { message: ARROWS, group: layers('charts', 'url', 'i18n', 'ui') },
          ],
        },
      ],
    },
  },
  {
    // Charts compute layouts for React to render; they never touch the DOM or tfjs.
    files: ['src/charts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', '@tensorflow/*', 'i18next'] },
            { message: ARROWS, group: layers('train', 'worker', 'url', 'i18n', 'ui') },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator'],
    },
  },
  {
    // A link is read and written from the core's vocabulary alone; its words live in src/i18n.
    files: ['src/url/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', '@tensorflow/*', 'd3', 'd3-*', 'i18next'] },
            {
              message: ARROWS,
              group: layers('protocol', 'geometry', 'train', 'worker', 'charts', 'i18n', 'ui'),
            },
          ],
        },
      ],
    },
  },
  {
    // The words of the page: they may name the link's vocabulary (types only), never the page,
    // the worker or the charts.
    files: ['src/i18n/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*', 'd3', 'd3-*'] },
            {
              message: ARROWS,
              group: layers('protocol', 'geometry', 'train', 'worker', 'charts', 'ui'),
            },
            { message: ARROWS, group: layers('url'), allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    // The page talks to the worker through src/worker/client.ts and the protocol's types; tfjs
    // code and the worker's own modules stay on the worker's side.
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx', 'src/mount.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'] },
            {
              // A folder pattern would exclude client.ts beyond the reach of the `!` that allows it.
              message: ARROWS,
              group: [...layers('train'), './worker/*', '**/worker/*', '!**/worker/client'],
            },
          ],
        },
      ],
    },
  },
);
