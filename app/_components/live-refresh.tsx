'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-renders the server page when the stream reports a change (throttled). */
export function LiveRefresh({ url, kinds }: { url: string; kinds: string[] }) {
  const router = useRouter();
  useEffect(() => {
    const es = new EventSource(url);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = null;
        router.refresh();
      }, 500);
    };
    kinds.forEach((k) => es.addEventListener(k, refresh));
    return () => {
      es.close();
      if (timer) clearTimeout(timer);
    };
  }, [url, kinds, router]);
  return null;
}
