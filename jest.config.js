// Jest runs in ESM mode (`node --experimental-vm-modules`, see package.json):
// @actions/core 3 and @actions/github 9 ship ESM only.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true }]
  },
  // Sources import each other as `./x.ts`; ts-jest emits `./x.js` (rewriteRelativeImportExtensions).
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  setupFiles: ['<rootDir>/__tests__/setup/runtime.ts'],
  testTimeout: 30000,
  // The end-to-end files mostly wait on child processes and timers: two workers overlap
  // them on a 2-CPU machine (default: one), measured 19 s instead of 33 s for npm test.
  maxWorkers: 2
};
