import { exec } from 'child_process';
import { promisify } from 'util';
const run = promisify(exec);

export async function POST(request: Request) {
  const { repo } = await request.json();
  const { stdout } = await run('git clone ' + repo + ' /tmp/checkout');
  return Response.json({ stdout });
}
