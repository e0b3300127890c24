import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // pg and Prisma's adapter load optional native bits at run time; keep them out of the bundle.
  serverExternalPackages: ['pg', '@prisma/adapter-pg', '@node-rs/argon2'],
  poweredByHeader: false,
  // Matches the custom server's MAX_BODY_BYTES (scripts/lib/sanitize-request.ts), which refuses larger bodies first.
  experimental: { serverActions: { bodySizeLimit: '1mb' } },
};

export default nextConfig;
