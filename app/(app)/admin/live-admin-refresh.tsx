'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** The admin table spans every team: refresh it every few seconds rather than hold N streams. */
export function LiveAdminRefresh({ everyMs = 3000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(t);
  }, [router, everyMs]);
  return null;
}
