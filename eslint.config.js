// Lint: TypeScript recommended rules, plus the security rule the project lives by: page text
// never reaches an HTML parser. Assigning a non-constant value to innerHTML/outerHTML, calling
// insertAdjacentHTML/document.write with one, or using dangerouslySetInnerHTML at all is an error.
import tseslint from 'typescript-eslint';

const NOT_CONSTANT = ':not(Literal):not(TemplateLiteral[expressions.length=0])';
const html = 'Page text must never be parsed as HTML: build DOM nodes or Preact elements instead.';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'tests/e2e/artifacts/**', '**/*.tmp.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/] > ${NOT_CONSTANT}.right`, message: html },
        { selector: `CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment|parseFromString)$/] > ${NOT_CONSTANT}.arguments`, message: html },
        { selector: `CallExpression[callee.object.name="document"][callee.property.name=/^(write|writeln)$/] > ${NOT_CONSTANT}.arguments`, message: html },
        { selector: 'JSXAttribute[name.name="dangerouslySetInnerHTML"]', message: html },
        { selector: 'Property[key.name="dangerouslySetInnerHTML"]', message: html },
      ],
    },
  },
);
