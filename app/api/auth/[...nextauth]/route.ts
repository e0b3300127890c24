import NextAuth from 'next-auth';
import { buildAuthOptions } from '@/lib/server/auth/auth-options';

function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(buildAuthOptions())(request, context);
}

export { handler as GET, handler as POST };
