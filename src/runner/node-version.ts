/**
 * The bundle is built for Node 24 (action.yml: runs.using: node24). A runner always
 * starts it with Node 24; a person running dist/index.js by hand may have an older
 * node, and is told what to run instead.
 */
export const NODE_MAJOR = 24;

/** What to tell a person on an older Node (undefined: this Node will do). */
export function nodeVersionProblem(version: string): string | undefined {
  if (Number(version.split('.')[0]) >= NODE_MAJOR) return undefined;
  return (
    `dist/index.js needs Node.js ${NODE_MAJOR} or later; this is Node.js ${version}.\n` +
    `In a clone of the action, the project's own Node ${NODE_MAJOR} (the node devDependency) runs it: npm ci && npx node dist/index.js\n`
  );
}
