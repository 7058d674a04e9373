import { getDb } from '@/lib/mongo';

export async function POST(request: Request) {
  const { email, token } = await request.json();
  const session = await getDb().collection('sessions').findOne({ email, token });
  return Response.json({ valid: Boolean(session) });
}
