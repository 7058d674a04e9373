import { ApiError } from '@/lib/api/errors';
import { json, publicRoute } from '@/lib/api/route';
import { publicKeyPem } from '@/lib/evidence/signing';
import { evidenceKey } from '@/lib/evidence/signing';

export const dynamic = 'force-dynamic';

// GET /v1/evidence/public-key – the Ed25519 key envelope heads are signed with (404 when signing is off)
export const GET = publicRoute(async () => {
  const key = evidenceKey();
  if (!key) throw new ApiError('not_found', 404, 'evidence envelopes are not signed on this server (VEGA_EVIDENCE_SIGNING_KEY is unset)');
  return json({ algorithm: 'Ed25519', public_key: publicKeyPem(key) });
});
