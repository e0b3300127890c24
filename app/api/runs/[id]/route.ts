import { connection, NextResponse } from 'next/server';
import { isDomainError } from '@/lib/errors';
import { getRun } from '@/lib/server/runner/get-run';

const noStore = { 'Cache-Control': 'no-store' };

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await context.params;
  try {
    return NextResponse.json(await getRun({ id }), { headers: noStore });
  } catch (error) {
    if (isDomainError(error)) {
      return NextResponse.json(
        { error: { code: error.code, message: error.message } },
        { status: 404, headers: noStore },
      );
    }
    throw error;
  }
}
