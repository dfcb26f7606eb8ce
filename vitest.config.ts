// Timeouts are hang guards, not speed limits (speed is measured by `npm run bench`): generous, so
// that a loaded 2-core machine running the whole suite in parallel never fails a test by time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
