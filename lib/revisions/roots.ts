import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../api/errors';
import { env } from '../env';

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (a missing directory is judged by where it would be). */
async function realOrNearest(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    const parent = path.dirname(p);
    if (parent === p) return p;
    return path.join(await realOrNearest(parent), path.basename(p));
  }
}

const within = (child: string, root: string) => child === root || child.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * Refuses a server directory outside VEGA_LOCAL_SOURCE_ROOTS with 403
 * path_not_allowed, before anything is read from it. Links are resolved
 * first (on both sides), so a link inside a root that points out of it is
 * judged by its target. Checked at registration and again at every scan
 * (the roots may have narrowed since).
 */
export async function assertLocalPathAllowed(dir: string): Promise<void> {
  const roots = env().localSourceRoots;
  const refuse = () =>
    new ApiError(
      'path_not_allowed',
      403,
      roots.length === 0
        ? 'no server directory may be registered: VEGA_LOCAL_SOURCE_ROOTS is empty'
        : `${dir} is not under a directory this server allows (VEGA_LOCAL_SOURCE_ROOTS)`,
    );
  if (!path.isAbsolute(dir)) return; // not a path at all: the snapshot step says so (400)
  const target = await realOrNearest(path.resolve(dir));
  for (const root of roots) {
    if (within(target, await realOrNearest(root))) return;
  }
  throw refuse();
}
