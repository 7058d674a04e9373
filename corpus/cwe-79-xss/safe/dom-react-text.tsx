'use client';
import { useSearchParams } from 'next/navigation';

export default function Preview() {
  const searchParams = useSearchParams();
  const text = searchParams.get('text') ?? '';
  return <div className="preview">{text}</div>;
}
