import NextAuth from 'next-auth';
import { buildAuthOptions } from '@/lib/server/auth/auth-options';

function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  const options = buildAuthOptions({ forwardedProto: request.headers.get('x-forwarded-proto') });
  return NextAuth(options)(request, context);
}

export { handler as GET, handler as POST };
