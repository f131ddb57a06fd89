import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Copies the build to `<tempDir>/app/dist/backend`, and links the workspace's node_modules beside
 * it so its requires resolve as in place: a rebuild of dist/ by someone else during the run does
 * not change what is measured. Returns the directory to run `node dist/backend/main.js` from.
 */
export function snapshotBuild(root: string, dist: string, tempDir: string): string {
  const appDir = join(tempDir, 'app');
  mkdirSync(join(appDir, 'dist'), { recursive: true });
  cpSync(dist, join(appDir, 'dist', 'backend'), { recursive: true });
  cpSync(join(root, 'package.json'), join(appDir, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(appDir, 'node_modules'), 'dir');
  return appDir;
}

/**
 * Which code was measured: the build's path and date, and the git state of the workspace (which
 * is the code measured only when the build is the workspace's own dist/).
 */
export function buildDescription(root: string, dist: string): Record<string, string> {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const build = `${dist} (main.js of ${statSync(join(dist, 'main.js')).mtime.toISOString()})`;
  const changed = git('status', '--porcelain', '--', 'backend/src').split('\n').filter(Boolean).length;
  const workspace = `git ${git('rev-parse', '--short', 'HEAD') || '?'}, ${changed} uncommitted change(s) under backend/src`;
  return dist.startsWith(`${root}/`) ? { build, workspace } : { build, 'workspace (not what was built)': workspace };
}
