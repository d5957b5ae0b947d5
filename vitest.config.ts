import { defineConfig } from "vitest/config";

// Two projects, run in this order by `npm test` (one vitest run each, the second only when the
// first passed): "fast" holds the unit and part tests, "integration" the slow ones that drive
// the built CLI, the examples, pseudo-terminals (socat) or several Lua interpreters.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          include: [
            "src/**/*.test.ts",
            "test/architecture/**/*.test.ts",
            "test/tools/**/*.test.ts",
            "test/device/**/*.test.ts",
            "test/protocol/**/*.test.ts",
            "test/client/**/*.test.ts",
            "test/emulator/**/*.test.ts",
            "test/cli/**/*.test.ts",
          ],
        },
      },
      { extends: true, test: { name: "integration", include: ["test/integration/**/*.test.ts"] } },
    ],
  },
});
