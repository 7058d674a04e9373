'use client';
import { useSearchParams } from 'next/navigation';

export default function Preview() {
  const searchParams = useSearchParams();
  const html = searchParams.get('html') ?? '';
  return <div className="preview" dangerouslySetInnerHTML={{ __html: html }} />;
}
