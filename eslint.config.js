import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import eslintConfigPrettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'deploy/', 'node_modules/', '.ci/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  eslintConfigPrettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Services use ports; only the adapters in shared/azure know Azure (docs/architecture.md, Layers).
    files: ['shared/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@azure/*'], message: 'Services use ports: Azure belongs in shared/azure.' },
            { group: ['**/azure/*'], message: 'Services use ports, not adapters.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Configuration is read once, in shared/config.ts.' },
      ],
    },
  },
  {
    // The domain is pure (docs/architecture.md, Layers): no clock, no environment, no Azure.
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@azure/*'], message: 'The domain is pure: Azure belongs in shared/azure.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The domain is pure: configuration comes in as arguments.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The domain is pure: take `now` as an argument.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The domain is pure: take `now` as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='now']",
          message: 'The domain is pure: take `now` as an argument.',
        },
      ],
    },
  },
);
