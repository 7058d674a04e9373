'use server';
import { execSync } from 'node:child_process';

export async function renderThumbnail(file: string) {
  execSync(`convert uploads/${file} -resize 64x64 thumbs/${file}`);
}
