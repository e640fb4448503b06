import { defineConfig } from 'vitest/config';

// Two projects: pure unit specs (beside the code, and the lab's own pure helpers), and suites that talk to real
// hosts: the lab suites (*.lab.test.ts) and the end-to-end suites (test/e2e, Chromium driving the wizard against
// lab hosts). Both share one machine-wide lab, so they run one file at a time, after the same global setup.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['provisioning/**/*.test.ts', 'renderer/**/*.test.ts', 'electron/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/**/*.lab.test.ts', 'test/e2e/**', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'lab',
          include: ['test/lab/**/*.lab.test.ts', 'test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/lab/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
