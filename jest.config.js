// Jest runs in ESM mode (`node --experimental-vm-modules`, see package.json):
// @actions/core 3 and @actions/github 9 ship ESM only.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true }]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  setupFiles: ['<rootDir>/__tests__/setup/runtime.ts'],
  testTimeout: 30000
};
