// Groups included files into components along the repository's own
// structure: nested packages (a manifest marks them) are components; in the
// top-level package each top-level folder is one, and loose root files form
// "root". Oversized components split along their subfolders so each audit
// step stays a reasonable unit of work (and of cost, for model backends).

import path from 'node:path';

export interface IncludedFile {
  path: string;
  size: number;
}

export interface ComponentGroup {
  /** "root", "src", "pyapp", "packages/api". */
  id: string;
  /** "" for the snapshot root. */
  root: string;
  /** A nested package (its own manifest) rather than a folder of the top-level one. */
  isPackage: boolean;
  /** Deployment and CI files gathered from the whole snapshot (Dockerfiles, Terraform, Kubernetes, workflows). */
  isInfrastructure?: boolean;
  files: IncludedFile[];
}

const MANIFESTS = new Set(['package.json', 'pyproject.toml', 'setup.py', 'requirements.txt']);
const MAX_COMPONENT_FILES = 80;
const MAX_COMPONENT_BYTES = 2 * 1024 * 1024;

/** `allPaths` includes skipped files: a requirements.txt marks a package even though it is not audited. */
export function groupComponents(included: readonly IncludedFile[], allPaths: readonly string[]): ComponentGroup[] {
  const packageRoots = new Set(
    allPaths.filter((p) => MANIFESTS.has(path.posix.basename(p))).map((p) => path.posix.dirname(p)).filter((d) => d !== '.'),
  );
  const groups = new Map<string, ComponentGroup>();
  const infrastructure: ComponentGroup = { id: 'infrastructure', root: '', isPackage: false, isInfrastructure: true, files: [] };
  for (const file of included) {
    if (isInfrastructureFile(file.path)) {
      infrastructure.files.push(file);
      continue;
    }
    const { root, isPackage } = ownerOf(file.path, packageRoots);
    const id = root || 'root';
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { id, root, isPackage, files: [] }));
    group.files.push(file);
  }
  const all = [...groups.values()].flatMap(splitOversized);
  return infrastructure.files.length ? [...all, infrastructure] : all;
}

/** Dockerfiles, compose files, Terraform, Kubernetes/Helm manifests, CI workflows. */
export function isInfrastructureFile(file: string): boolean {
  const name = path.posix.basename(file);
  return (
    /^Dockerfile(\..+)?$|\.Dockerfile$|^docker-compose.*\.ya?ml$|^compose\.ya?ml$/.test(name) ||
    /\.(tf|tfvars)$/.test(name) ||
    /(^|\/)(\.github\/workflows|\.circleci|k8s|kubernetes|helm|charts|deploy|manifests)\//.test(file) && /\.ya?ml$/.test(name) ||
    /^\.gitlab-ci\.ya?ml$|^Jenkinsfile$|^azure-pipelines\.ya?ml$|^cloudbuild\.ya?ml$/.test(name)
  );
}

/** The deepest nested package containing the file, else its top-level folder, else the root. */
function ownerOf(file: string, packageRoots: ReadonlySet<string>): { root: string; isPackage: boolean } {
  for (let dir = path.posix.dirname(file); dir !== '.'; dir = path.posix.dirname(dir)) {
    if (packageRoots.has(dir)) return { root: dir, isPackage: true };
  }
  const slash = file.indexOf('/');
  return { root: slash === -1 ? '' : file.slice(0, slash), isPackage: false };
}

function splitOversized(group: ComponentGroup): ComponentGroup[] {
  const bytes = group.files.reduce((sum, f) => sum + f.size, 0);
  if (group.files.length <= MAX_COMPONENT_FILES && bytes <= MAX_COMPONENT_BYTES) return [group];
  // Loose files of the root component have no subfolder to split along.
  if (group.root === '') return [group];
  const prefix = `${group.root}/`;
  const parts = new Map<string, IncludedFile[]>();
  for (const file of group.files) {
    const rest = file.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    const sub = slash === -1 ? group.root : `${prefix}${rest.slice(0, slash)}`;
    const part = parts.get(sub);
    if (part) part.push(file);
    else parts.set(sub, [file]);
  }
  if (parts.size === 1 && parts.has(group.root)) return [group];
  return [...parts].flatMap(([root, files]) =>
    root === group.root ? [{ ...group, files }] : splitOversized({ id: root, root, isPackage: false, files }),
  );
}
