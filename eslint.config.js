// ESLint: TypeScript rules and React hooks rules; Prettier owns the formatting.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', '.bench/**', 'node_modules/**', 'var/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  // The React Compiler-era recommended set: hooks rules, exhaustive deps, no refs or
  // setState during render, pure renders.
  { files: ['src/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  { files: ['src/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'], rules: { 'react-hooks/exhaustive-deps': 'error' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
);
