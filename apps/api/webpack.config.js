const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // The operator CLI (npm run cli) ships beside the server, built from the same sources.
      additionalEntryPoints: [{ entryName: 'cli', entryPath: './src/cli.ts' }],
      tsConfig: './tsconfig.app.json',
      // SQL migrations ship beside main.js, where open-database.ts looks for them.
      assets: [{ input: './src/database/migrations', glob: '**/*', output: 'migrations' }],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: false,
      sourceMap: true,
      // The build transpiles; types are checked once, by `npm run typecheck` (in .ci/run): 17 s → 7 s.
      skipTypeChecking: true,
    }),
  ],
};
